import { AccountControls } from '@/components/auth/AccountControls';
import { CreateProductForm } from '@/components/products/CreateProductForm';
import { DeleteConfirmation } from '@/components/products/DeleteConfirmation';
import { InvalidateCacheButton } from '@/components/products/InvalidateCacheButton';
import { Pagination } from '@/components/products/Pagination';
import { ProductsTable } from '@/components/products/ProductsTable';
import { SearchForm } from '@/components/products/SearchForm';
import { toProductView } from '@/components/products/view-model';
import { isAdmin } from '@/lib/auth/session';
import { authRequired, env } from '@/lib/env';
import { listUrl } from '@/lib/forms/list-url';
import { products } from '@/lib/products';
import { parseListQuery } from '@/lib/validation/list-query';

type SearchParams = Record<string, string | string[] | undefined>;

function rowIdParam(params: SearchParams, name: string): number | null {
  const value = params[name];
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : null;
}

// Reading searchParams makes this page dynamic: every request renders it, so
// what it shows is decided by the Redis cache alone, never by Next's caches.
export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const query = parseListQuery(params);
  const page = await (await products()).listPage(query);
  // The catalog is public; write controls appear only for whoever may use them.
  const canEdit = await isAdmin();
  const rows = page.rows.map(toProductView);
  const listHref = listUrl(query);
  const deletingId = rowIdParam(params, 'delete');
  const rowLinks = Object.fromEntries(
    rows.map((row) => [row.id, { edit: listUrl(query, { edit: row.id }), delete: listUrl(query, { delete: row.id }) }]),
  );
  return (
    <main>
      <header className="page-header">
        <h1>Products</h1>
        <div className="page-header__actions">
          <AccountControls signInRequired={authRequired(env())} signedIn={canEdit} />
          {canEdit && <InvalidateCacheButton />}
        </div>
      </header>
      {canEdit && <CreateProductForm />}
      <SearchForm query={query} />
      {canEdit && deletingId !== null && (
        <DeleteConfirmation
          id={deletingId}
          title={rows.find((row) => row.id === deletingId)?.title ?? null}
          listHref={listHref}
        />
      )}
      <ProductsTable
        rows={rows}
        total={page.total}
        search={query.q}
        editingId={canEdit ? rowIdParam(params, 'edit') : null}
        canEdit={canEdit}
        listHref={listHref}
        rowLinks={rowLinks}
      />
      <Pagination query={query} total={page.total} shown={rows.length} />
    </main>
  );
}

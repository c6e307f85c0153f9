import { randomUUID } from 'node:crypto';
import { AccountControls } from '@/components/auth/AccountControls';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { SomethingWentWrong } from '@/components/errors/SomethingWentWrong';
import { CreateProductForm } from '@/components/products/CreateProductForm';
import { DeleteConfirmation } from '@/components/products/DeleteConfirmation';
import { InvalidateCacheButton } from '@/components/products/InvalidateCacheButton';
import { Pagination } from '@/components/products/Pagination';
import { ProductsTable } from '@/components/products/ProductsTable';
import { SearchForm } from '@/components/products/SearchForm';
import { toProductView } from '@/components/products/view-model';
import { StatusProvider, StatusRegion } from '@/components/status/StatusRegion';
import { isAdmin } from '@/lib/auth/session';
import { authRequired, env } from '@/lib/env';
import type { ActionState } from '@/lib/forms/action-state';
import type { Flash } from '@/lib/forms/flash';
import { listUrl } from '@/lib/forms/list-url';
import { flashFor, readFlash } from '@/lib/forms/respond';
import { setResponseStatus } from '@/lib/http/server-entry';
import { DatabaseUnavailableError, products, type ProductPage } from '@/lib/products';
import { decodeIdList } from '@/lib/validation/id-list';
import { parseListQuery } from '@/lib/validation/list-query';

type SearchParams = Record<string, string | string[] | undefined>;

function rowIdParam(params: SearchParams, name: string): number | null {
  const value = params[name];
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : null;
}

/** A flash of a row's editor or confirmation ("edit:12"), as the row id and state. */
function rowFlash(flash: Flash | null, kind: 'edit' | 'delete'): { id: number; state: ActionState } | null {
  const match = flash?.form.match(new RegExp(`^${kind}:(\\d{1,10})$`));
  return match && flash ? { id: Number(match[1]), state: flash.state } : null;
}

/** Outcomes whose form is gone after a redirect (a closed editor, a deleted row) go to the page's status region. */
function pageStatus(flash: Flash | null): { message: string; tone: 'success' | 'error' } | null {
  if (!flash || !/^(edit|delete):|^sign-out$/.test(flash.form)) return null;
  const { state } = flash;
  if (state.status === 'saved') return { message: state.message, tone: 'success' };
  if (state.status === 'failed' && flash.form.startsWith('edit:')) return { message: state.message, tone: 'error' };
  if (state.status === 'failed' && flash.form.startsWith('delete:')) return { message: state.message, tone: 'error' };
  return null;
}

/** A bulk delete question opened by URL (the no-JavaScript path), echoing the products it names. */
async function bulkConfirmation(params: SearchParams): Promise<ActionState | undefined> {
  const ids = decodeIdList(params['confirm-delete']);
  if (!ids) return undefined;
  const found = await (await products()).summaries(ids);
  if (found.length === 0) return { status: 'failed', message: 'None of the selected products exists any more; nothing was deleted.', values: {} };
  return {
    status: 'confirm',
    message: `Delete ${found.length.toLocaleString('en-US')} product${found.length === 1 ? '' : 's'}? This cannot be undone.`,
    values: {},
    selection: { ids: found.map((product) => product.id), preview: found.slice(0, 10).map(({ id, title }) => ({ id, title })) },
  };
}

// Reading searchParams makes this page dynamic: every request renders it, so
// what it shows is decided by the Redis cache alone, never by Next's caches.
export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { query, rejectedSearch } = parseListQuery(params);
  const listHref = listUrl(query);
  // The catalog is public; write controls appear only for whoever may use them.
  const canEdit = await isAdmin();
  const flash = await readFlash();
  let page: ProductPage;
  let bulkState: ActionState | undefined;
  try {
    page = rejectedSearch ? { rows: [], total: 0 } : await (await products()).listPage(query);
    bulkState = canEdit ? ((await bulkConfirmation(params)) ?? flashFor(flash, 'bulk')) : undefined;
  } catch (error) {
    // Decided by the error's kind: only an unreachable database is reported as one.
    if (error instanceof DatabaseUnavailableError) {
      setResponseStatus(503);
      return <DatabaseUnavailable retryHref={listHref} />;
    }
    // Rendered here, not left to error.tsx: that boundary only appears once JavaScript runs.
    const reference = randomUUID().slice(0, 8);
    console.error(`catalog page failed (reference ${reference})`, error);
    setResponseStatus(500);
    return <SomethingWentWrong reference={reference} retryHref={listHref} />;
  }
  const rows = page.rows.map(toProductView);
  const deletingId = canEdit ? rowIdParam(params, 'delete') : null;
  const deleting = deletingId === null ? null : (rows.find((row) => row.id === deletingId) ?? null);
  const rowLinks = Object.fromEntries(
    rows.map((row) => [row.id, { edit: listUrl(query, { edit: row.id }), delete: listUrl(query, { delete: row.id }) }]),
  );
  const editorFlash = rowFlash(flash, 'edit');
  const deleteFlash = rowFlash(flash, 'delete');
  return (
    <StatusProvider initial={pageStatus(flash)}>
      <main>
        <header className="page-header">
          <h1>Products</h1>
          <div className="page-header__actions">
            <AccountControls signInRequired={authRequired(env())} signedIn={canEdit} listHref={listHref} />
            {canEdit && <InvalidateCacheButton listHref={listHref} initialState={flashFor(flash, 'invalidate')} />}
          </div>
        </header>
        <StatusRegion />
        {canEdit && <CreateProductForm idempotencyKey={randomUUID()} listHref={listHref} initialState={flashFor(flash, 'create')} />}
        <SearchForm query={query} rejectedSearch={rejectedSearch} />
        {deletingId !== null && (
          <DeleteConfirmation
            key={deletingId}
            id={deletingId}
            product={deleting}
            listHref={listHref}
            initialState={deleteFlash?.id === deletingId ? deleteFlash.state : undefined}
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
          bulk={canEdit ? { idempotencyKey: randomUUID(), initialState: bulkState } : null}
          initiallySelected={decodeIdList(params.selected) ?? (bulkState?.status === 'confirm' ? bulkState.selection.ids : [])}
          editorFlash={editorFlash}
        />
        <Pagination query={query} total={page.total} shown={rows.length} />
      </main>
    </StatusProvider>
  );
}

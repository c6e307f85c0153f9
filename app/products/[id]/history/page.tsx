import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionUndoCell } from '@/components/history/ActionUndoCell';
import { ChangeFields, snapshotText } from '@/components/history/ChangeFields';
import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { PageLinks } from '@/components/history/PageLinks';
import { UndoControl } from '@/components/history/UndoControl';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { readFlash } from '@/lib/forms/respond';
import { anyProduct, productHistory } from '@/lib/products/history-reads';
import { kindLabel, pageNumber } from '@/lib/validation/changes-query';
import { parseProductId } from '@/lib/validation/product-id';

export const metadata = { title: 'History · Product catalog' };

const PAGE_SIZE = 50;

/** A product's History (as the Django admin's): every change to it, newest first, who made it, and each change's Undo. */
export default async function ProductHistoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = parseProductId((await params).id);
  if (id === null) notFound();
  const page = pageNumber((await searchParams).page);
  const base = `/products/${id}/history`;
  const here = page > 1 ? `${base}?page=${page}` : base;
  if ((await editorForPage(here)) === 'unknown') return <DatabaseUnavailable retryHref={here} />;
  const data = await readForPage((db) => Promise.all([anyProduct(db, id), productHistory(db, id, page, PAGE_SIZE)]));
  if (data === 'unavailable') return <DatabaseUnavailable retryHref={here} />;
  const [product, history] = data;
  if (!product && history.total === 0) notFound();
  const latest = history.rows[0]?.after ?? history.rows[0]?.before;
  const name = product?.title ?? latest?.title ?? `#${id}`;
  const flash = await readFlash();
  return (
    <main>
      <EditorPageHeader title={`History of “${name}”`} current="other" />
      <p className="muted">
        Product #{id}:{' '}
        {product
          ? product.deletedAt
            ? `in the trash since ${formatUtcDateTime(product.deletedAt)}.`
            : `${snapshotText({ title: product.title, price: product.price, deleted: false })}, version ${product.version}.`
          : 'deleted for good.'}
      </p>
      {flash?.form === 'undo' && <UndoControl initialState={flash.state} returnTo={here} />}
      {history.rows.length === 0 ? (
        <p>No recorded changes (it was created before history was kept).</p>
      ) : (
        <table className="history-table">
          <caption className="visually-hidden">Changes to this product, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Editor</th>
              <th scope="col">Change</th>
              <th scope="col">What changed</th>
              <th scope="col">Undo</th>
            </tr>
          </thead>
          <tbody>
            {history.rows.map((entry) => (
              <tr key={entry.action.id}>
                <td data-label="When (UTC)">{formatUtcDateTime(entry.action.createdAt, { zone: false })}</td>
                <td data-label="Editor">{entry.action.editorName}</td>
                <th scope="row">
                  <Link href={`/changes/${entry.action.id}`}>{kindLabel(entry.action.kind)}</Link>
                  {entry.action.productCount > 1 && <span className="muted"> (with {entry.action.productCount - 1} more)</span>}
                </th>
                <td>
                  <ChangeFields before={entry.before} after={entry.after} />
                </td>
                <td>
                  <ActionUndoCell action={entry.action} returnTo={here} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PageLinks page={page} total={history.total} size={PAGE_SIZE} href={(target) => (target > 1 ? `${base}?page=${target}` : base)} label="Pages of history" />
    </main>
  );
}

import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionUndoCell } from '@/components/history/ActionUndoCell';
import { ChangeFields } from '@/components/history/ChangeFields';
import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { PageLinks } from '@/components/history/PageLinks';
import { UndoControl } from '@/components/history/UndoControl';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { plural } from '@/lib/forms/plural';
import { readFlash } from '@/lib/forms/respond';
import { actionDetail } from '@/lib/products/history-reads';
import { kindLabel, pageNumber } from '@/lib/validation/changes-query';
import { parseProductId } from '@/lib/validation/product-id';

export const metadata = { title: 'Change · Product catalog' };

const PAGE_SIZE = 100;

/** One change: who made it and when, every product it touched (before → after, 100 a page), and its Undo. */
export default async function ChangePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = parseProductId((await params).id);
  if (id === null) notFound();
  const page = pageNumber((await searchParams).page);
  const here = page > 1 ? `/changes/${id}?page=${page}` : `/changes/${id}`;
  if ((await editorForPage(here)) === 'unknown') return <DatabaseUnavailable retryHref={here} />;
  const detail = await readForPage((db) => actionDetail(db, id, page, PAGE_SIZE));
  if (detail === 'unavailable') return <DatabaseUnavailable retryHref={here} />;
  if (!detail) notFound();
  const { action, changes } = detail;
  const flash = await readFlash();
  return (
    <main>
      <EditorPageHeader title={`Change #${action.id}`} current="other" />
      {flash?.form === 'undo' && <UndoControl initialState={flash.state} returnTo={here} />}
      <dl className="change-facts">
        <div>
          <dt>What</dt>
          <dd>{action.summary}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>{kindLabel(action.kind)}</dd>
        </div>
        <div>
          <dt>Who</dt>
          <dd>{action.editorName}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>{formatUtcDateTime(action.createdAt)}</dd>
        </div>
        <div>
          <dt>Products</dt>
          <dd>{plural(action.productCount, 'product')}</dd>
        </div>
        {action.undoesActionId !== null && (
          <div>
            <dt>Undid</dt>
            <dd>
              <Link href={`/changes/${action.undoesActionId}`}>change #{action.undoesActionId}</Link>
            </dd>
          </div>
        )}
      </dl>
      <ActionUndoCell action={action} returnTo={here} />
      <table className="history-table">
        <caption className="visually-hidden">Products this change touched</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {changes.rows.map((change) => (
            <tr key={change.productId}>
              <th scope="row">
                <Link href={`/products/${change.productId}/history`}>
                  #{change.productId} {(change.after ?? change.before)?.title}
                </Link>
              </th>
              <td>
                <ChangeFields before={change.before} after={change.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PageLinks page={page} total={changes.total} size={PAGE_SIZE} href={(target) => (target > 1 ? `/changes/${id}?page=${target}` : `/changes/${id}`)} label="Pages of products" />
    </main>
  );
}

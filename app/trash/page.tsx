import Link from 'next/link';
import { EditorPageHeader } from '@/components/history/EditorPageHeader';
import { EmptyTrashConfirmation } from '@/components/history/EmptyTrashConfirmation';
import { PageLinks } from '@/components/history/PageLinks';
import { TrashTable } from '@/components/history/TrashTable';
import { UndoControl } from '@/components/history/UndoControl';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { editorForPage, readForPage } from '@/lib/auth/editor-page';
import { env } from '@/lib/env';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { formatMoney } from '@/lib/forms/money';
import { plural } from '@/lib/forms/plural';
import { flashFor, readFlash } from '@/lib/forms/respond';
import { trashPage, trashSummary } from '@/lib/products/history-reads';
import { pageNumber } from '@/lib/validation/changes-query';

export const metadata = { title: 'Trash · Product catalog' };

const PAGE_SIZE = 50;

/**
 * The trash: deleted products, restorable singly or ticked, purged for good
 * after TRASH_RETENTION_DAYS or when an editor empties it (?empty=confirm
 * asks first, naming the count).
 */
export default async function TrashPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const page = pageNumber(params.page);
  const here = page > 1 ? `/trash?page=${page}` : '/trash';
  if ((await editorForPage(here)) === 'unknown') return <DatabaseUnavailable retryHref={here} />;
  const data = await readForPage((db) => Promise.all([trashPage(db, page, PAGE_SIZE), trashSummary(db)]));
  if (data === 'unavailable') return <DatabaseUnavailable retryHref={here} />;
  const [trash, summary] = data;
  const flash = await readFlash();
  // The outcome of a restore or an empty-trash posted without JavaScript.
  const trashOutcome = flashFor(flash, 'trash');
  const confirming = params.empty === 'confirm' && summary.newestDeletedAt !== null;
  const rows = trash.rows.map((row) => ({ id: row.id, title: row.title, priceLabel: formatMoney(row.price), deletedLabel: formatUtcDateTime(row.deletedAt!, { zone: false }) }));
  return (
    <main>
      <EditorPageHeader title="Trash" current="trash" />
      <p className="muted">
        {plural(summary.count, 'product')} in the trash. Deleted products stay here for {plural(env().TRASH_RETENTION_DAYS, 'day')}, then are deleted for
        good.
      </p>
      {flash?.form === 'undo' && <UndoControl initialState={flash.state} returnTo={here} />}
      {confirming ? (
        <EmptyTrashConfirmation count={summary.count} through={summary.newestDeletedAt!} />
      ) : (
        summary.count > 0 && (
          <Link href="/trash?empty=confirm" className="button secondary">
            Empty trash…
          </Link>
        )
      )}
      <TrashTable rows={rows} returnTo={here} initialState={trashOutcome} />
      <PageLinks page={page} total={trash.total} size={PAGE_SIZE} href={(target) => (target > 1 ? `/trash?page=${target}` : '/trash')} label="Pages of the trash" />
    </main>
  );
}

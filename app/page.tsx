import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { AccountControls } from '@/components/auth/AccountControls';
import { DatabaseUnavailable } from '@/components/errors/DatabaseUnavailable';
import { SomethingWentWrong } from '@/components/errors/SomethingWentWrong';
import { BulkBar, CreateProductForm, DeleteConfirmation, InvalidateCacheButton, ProductEditor, RecreateProduct, TableController } from '@/components/admin-islands';
import { Fold } from '@/components/layout/Fold';
import { Pagination } from '@/components/products/Pagination';
import { EmptyTable, ProductsTable } from '@/components/products/ProductsTable';
import { SearchForm } from '@/components/products/SearchForm';
import { toProductView } from '@/components/products/view-model';
import { StatusProvider, StatusRegion, type PageUndo } from '@/components/status/StatusRegion';
import type { Product } from '@/lib/products/types';
import { deleteQuestion } from '@/lib/actions/bulk-questions';
import { currentEditor } from '@/lib/auth/session';
import { authRequired, env } from '@/lib/env';
import { savedAnnouncement, type ActionState } from '@/lib/forms/action-state';
import type { Flash } from '@/lib/forms/flash';
import { DEFAULT_PAGE_SIZE } from '@/lib/validation/limits';
import { listUrl } from '@/lib/validation/list-url';
import { flashFor, readFlash } from '@/lib/forms/respond';
import { setResponseStatus } from '@/lib/http/server-entry';
import { DatabaseUnavailableError, type ProductPage } from '@/lib/products';
import { serverRoot } from '@/lib/server';
import { decodeIdList } from '@/lib/validation/id-list';
import { parseProductId } from '@/lib/validation/product-id';
import { parseListQuery, type ListQuery } from '@/lib/validation/list-query';

type SearchParams = Record<string, string | string[] | undefined>;

const rowIdParam = (params: SearchParams, name: string): number | null => parseProductId(params[name]);

/** A flash of a row's editor or confirmation ("edit:12"), as the row id and state. */
function rowFlash(flash: Flash | null, kind: 'edit' | 'delete'): { id: number; state: ActionState } | null {
  const id = flash?.form.startsWith(`${kind}:`) ? parseProductId(flash.form.slice(kind.length + 1)) : null;
  return id !== null && flash ? { id, state: flash.state } : null;
}

/**
 * Outcomes whose form is gone after a redirect (a closed editor, a deleted
 * row, a sign-out) go to the page's status region, warning included (a save
 * whose cache refresh must wait says so). A create's or bulk change's own
 * form shows its message; the region holds only its Undo (a form cannot
 * hold another form).
 */
function pageStatus(flash: Flash | null): { message: string; tone: 'success' | 'error' | 'warning'; undo?: PageUndo } | null {
  if (!flash) return null;
  const { state } = flash;
  if (/^(create|bulk)$/.test(flash.form)) return state.status === 'saved' && state.undo ? { message: '', tone: 'success', undo: savedAnnouncement(state).undo } : null;
  if (!/^(edit|delete):|^sign-out$/.test(flash.form)) return null;
  if (state.status === 'saved') return savedAnnouncement(state);
  if (state.status === 'failed') return { message: state.message, tone: 'error' };
  return null;
}

/** A bulk delete question opened by URL (the no-JavaScript path), echoing the products it names. */
async function bulkConfirmation(params: SearchParams): Promise<ActionState | undefined> {
  const ids = decodeIdList(params['confirm-delete']);
  if (!ids) return undefined;
  return deleteQuestion(await (await serverRoot()).repository.summaries(ids), { scope: 'selected', operation: 'delete' });
}

/**
 * The editor of a row someone deleted before the save (opened by ?edit= with
 * its failed save's flash, without JavaScript): what was typed, and the offer
 * to create it again. Null when the URL's row exists or nothing was typed.
 */
function deletedRowEditor(rows: readonly Product[], params: SearchParams, flash: Flash | null, listHref: string) {
  const editingId = rowIdParam(params, 'edit');
  const editorFlash = rowFlash(flash, 'edit');
  if (editingId === null || editorFlash?.id !== editingId || rows.some((row) => row.id === editingId)) return null;
  const { state } = editorFlash;
  if (state.status !== 'failed' || !state.gone) return null;
  return (
    <RecreateProduct
      deleted={`Product #${editingId}`}
      typed={{ title: state.values.title ?? '', price: state.values.price ?? '' }}
      listHref={listHref}
      idempotencyKey={randomUUID()}
    />
  );
}

/** The row the URL opens an editor or a delete question for, with what that island needs. */
function openIsland(rows: readonly Product[], query: ListQuery, params: SearchParams, flash: Flash | null) {
  const listHref = listUrl(query);
  const editingId = rowIdParam(params, 'edit');
  const at = editingId === null ? -1 : rows.findIndex((row) => row.id === editingId);
  if (at >= 0) {
    const editorFlash = rowFlash(flash, 'edit');
    return {
      id: editingId!,
      kind: 'edit' as const,
      element: (
        <ProductEditor
          key={editingId}
          product={toProductView(rows[at]!)}
          columnCount={7}
          listHref={listHref}
          neighbours={{ previous: rows[at - 1]?.id ?? null, next: rows[at + 1]?.id ?? null }}
          initialState={editorFlash?.id === editingId ? editorFlash.state : undefined}
        />
      ),
    };
  }
  const deletingId = rowIdParam(params, 'delete');
  const row = deletingId === null ? undefined : rows.find((candidate) => candidate.id === deletingId);
  if (!row) return null;
  const deleteFlash = rowFlash(flash, 'delete');
  return {
    id: row.id,
    kind: 'delete' as const,
    element: (
      <tr id="delete-confirmation" className="row--confirm">
        <td colSpan={7}>
          <DeleteConfirmation
            key={row.id}
            id={row.id}
            product={{ id: row.id, title: row.title, version: row.version }}
            listHref={listHref}
            initialState={deleteFlash?.id === row.id ? deleteFlash.state : undefined}
          />
        </td>
      </tr>
    ),
  };
}

// Reading searchParams makes this page dynamic: every request renders it, so
// what it shows is decided by the Redis cache alone, never by Next's caches.
export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { query, rejectedSearch } = parseListQuery(params);
  const listHref = listUrl(query);
  // The catalog is public; write controls appear only for whoever may use them.
  const editor = await currentEditor();
  const session = typeof editor === 'string' ? editor : 'admin';
  const canEdit = session === 'admin';
  const flash = await readFlash();
  let page: ProductPage;
  let bulkState: ActionState | undefined;
  try {
    page = rejectedSearch ? { rows: [], total: 0 } : await (await serverRoot()).repository.listPage(query);
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
  // Past the last page: a 404 says so to browsers and crawlers, and the page cache keeps only 200s.
  if (page.rows.length === 0 && query.page > 1) setResponseStatus(404);
  const island = canEdit ? openIsland(page.rows, query, params, flash) : null;
  const deletingId = canEdit ? rowIdParam(params, 'delete') : null;
  const initiallySelected = canEdit ? (decodeIdList(params.selected) ?? (bulkState?.status === 'confirm' ? bulkState.selection.ids : [])) : [];
  const table = (
    <ProductsTable
      rows={page.rows}
      query={query}
      canEdit={canEdit}
      island={island}
      empty={<EmptyTable query={query} total={page.total} />}
      checkedIds={initiallySelected}
    />
  );
  const pagination = (position: 'top' | 'bottom') => <Pagination query={query} total={page.total} shown={page.rows.length} position={position} />;
  const content = (
      <main>
        {/* Here, not in the layout: only this page has the products table it skips to. */}
        <a href="#products" className="skip-link">
          Skip to products
        </a>
        <header className="page-header">
          <h1>Products</h1>
          <div className="page-header__actions">
            <AccountControls signInRequired={authRequired(env())} editorName={typeof editor === 'string' ? null : editor.name} listHref={listHref} />
            {canEdit && <InvalidateCacheButton listHref={listHref} initialState={flashFor(flash, 'invalidate')} />}
            {canEdit && (
              <Link href="/changes" className="button secondary">
                Recent changes
              </Link>
            )}
            {canEdit && (
              <Link href="/trash" className="button secondary">
                Trash
              </Link>
            )}
            {canEdit && (
              <Link href="/imports" className="button secondary">
                Import CSV
              </Link>
            )}
            {canEdit && (
              // Every page of this search and order, not only the rows shown (app/products.csv/route.ts).
              <a href={`/products.csv${listUrl({ ...query, page: 1, size: DEFAULT_PAGE_SIZE }).slice(1)}`} className="button secondary" download>
                Export CSV
              </a>
            )}
          </div>
        </header>
        {session === 'unknown' && (
          <p className="page-status page-status--error" role="alert">
            Your sign-in could not be checked because the database is not answering, so editing is unavailable for now. The list below
            may come from the cache. Reload in a moment.
          </p>
        )}
        {(canEdit || flash) && <StatusRegion returnTo={listHref} undoFlash={canEdit && flash?.form === 'undo' ? flash.state : undefined} />}
        {canEdit && (
          <Fold label="New product" open={flashFor(flash, 'create').status !== 'idle'}>
            <CreateProductForm idempotencyKey={randomUUID()} listHref={listHref} initialState={flashFor(flash, 'create')} />
          </Fold>
        )}
        <SearchForm query={query} rejectedSearch={rejectedSearch} />
        {canEdit && deletedRowEditor(page.rows, params, flash, listHref)}
        {canEdit && deletingId !== null && !island && (
          <DeleteConfirmation key={deletingId} id={deletingId} product={null} listHref={listHref} initialState={rowFlash(flash, 'delete')?.state} />
        )}
        {pagination('top')}
        {canEdit ? (
          <TableController
            listHref={listHref}
            initiallySelected={initiallySelected}
            openRow={island ? { id: island.id, kind: island.kind } : null}
          >
            <Fold label="Bulk actions" open={bulkState !== undefined && bulkState.status !== 'idle'}>
              <BulkBar search={query.q} matchingCount={page.total} idempotencyKey={randomUUID()} listHref={listHref} initialState={bulkState} />
            </Fold>
            {table}
          </TableController>
        ) : (
          table
        )}
        {pagination('bottom')}
      </main>
  );
  // Visitors change nothing, so they get no status region and no script for it.
  return canEdit || flash ? <StatusProvider initial={pageStatus(flash)}>{content}</StatusProvider> : content;
}

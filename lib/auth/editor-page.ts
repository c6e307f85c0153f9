/**
 * The gate of the editors' own pages (Recent changes, a change, a product's
 * History, the Trash): a visitor is sent to sign in and back (303), as the
 * CSV export does; a session that cannot be checked is reported by the page.
 * Their reads come from the primary, and an unreachable database answers 503
 * with a page that says so, as the catalog page does.
 */
import 'server-only';
import { redirect } from 'next/navigation';
import type { Database } from '@/db/client';
import { setResponseStatus } from '@/lib/http/server-entry';
import { DatabaseUnavailableError } from '@/lib/products';
import { withDatabaseErrors } from '@/lib/products/database-errors';
import { serverRoot } from '@/lib/server';
import { currentEditor, type Editor } from './session';

/** The signed-in editor, or 'unknown' (the database is down: the status is then 503); redirects a visitor to /login?returnTo=`path`. */
export async function editorForPage(path: string): Promise<Editor | 'unknown'> {
  const editor = await currentEditor();
  if (editor === 'visitor') redirect(`/login?returnTo=${encodeURIComponent(path)}`);
  if (editor === 'unknown') setResponseStatus(503);
  return editor;
}

/** `read`'s result, or 'unavailable' (the status is then 503). */
export async function readForPage<T>(read: (db: Database) => Promise<T>): Promise<T | 'unavailable'> {
  try {
    const { db } = (await serverRoot()).database;
    return await withDatabaseErrors(() => read(db));
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    setResponseStatus(503);
    return 'unavailable';
  }
}

import { currentEditor } from '@/lib/auth/session';
import { MAX_IMPORT_FILE_BYTES } from '@/lib/http/request-limits';
import { receiveUpload } from '@/lib/imports/upload';
import { DatabaseUnavailableError } from '@/lib/products';
import { withDatabaseErrors } from '@/lib/products/database-errors';
import { serverRoot } from '@/lib/server';

export const dynamic = 'force-dynamic';

const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
const unavailable = () =>
  new Response('The database is not answering, so the file was not received. Nothing was changed. Try again in a moment.\n', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * POST /imports/upload (multipart, field `file`): keeps the file and sends
 * the editor to its preview, /imports/<id> (303), with or without
 * JavaScript. Nothing is written to the catalog here. A visitor is sent to
 * sign in; no file chosen goes back to /imports saying so; a body over
 * MAX_IMPORT_BODY_BYTES never gets here (proxy.ts answers 413), and a
 * file over MAX_IMPORT_FILE_BYTES goes back to /imports saying so.
 */
/** GET /imports/upload (a bookmark, a reload after the post): the upload form is at /imports. */
export function GET() {
  return seeOther('/imports');
}

export async function POST(request: Request) {
  const editor = await currentEditor();
  if (editor === 'visitor') return seeOther('/login?returnTo=%2Fimports');
  if (editor === 'unknown') return unavailable();
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get('file');
  } catch {
    return seeOther('/imports?problem=unreadable');
  }
  if (!(file instanceof File) || (file.name === '' && file.size === 0)) return seeOther('/imports?problem=no-file');
  // The body limit leaves room for the multipart framing; the file itself gets the file limit.
  if (file.size > MAX_IMPORT_FILE_BYTES) return seeOther('/imports?problem=too-large');
  try {
    const { db } = (await serverRoot()).database;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const id = await withDatabaseErrors(() => receiveUpload(db, file.name, bytes, editor));
    // The upload form's script asks for JSON: it navigates itself, and the preview is rendered once.
    if ((request.headers.get('accept') ?? '').startsWith('application/json')) return Response.json({ location: `/imports/${id}` }, { headers: { 'cache-control': 'no-store' } });
    return seeOther(`/imports/${id}`);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return unavailable();
    throw error;
  }
}

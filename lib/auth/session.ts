/**
 * The editor's session as the app sees it: a random token in an HTTP-only,
 * SameSite=Strict cookie, checked against the admin_sessions table on every
 * request that needs it (lib/sessions/sessions.ts).
 */
import 'server-only';
import { cookies, headers } from 'next/headers';
import { authRequired, env } from '@/lib/env';
import { requestIsHttps, requestIsLocal } from '@/lib/http/request-origin';
import { isIssuedNameMarker, TEMPLATE_EDITOR_HEADER } from '@/lib/page-cache/editor-template';
import { serverRoot } from '@/lib/server';
import { createSession, endAllSessions, endSession, sessionEditor } from '@/lib/sessions/sessions';

export const SESSION_COOKIE = 'catalog_session';

export const PLAIN_HTTP_MESSAGE =
  'Sign-in needs HTTPS here: over plain HTTP your browser would drop the session cookie. Use https://, or set COOKIE_SECURE=0 on a network you trust.';

const database = async () => (await serverRoot()).database.db;

/** Who writes when sign-in is off (`next dev` without ADMIN_PASSWORD): history names them so. */
export const LOCAL_EDITOR: Editor = { id: null, name: 'local editor (sign-in off)' };

/** The person behind a write: an editor's account, or LOCAL_EDITOR (id null) when sign-in is off. */
export interface Editor {
  id: number | null;
  name: string;
}

/**
 * Who is asking: the editor (auth is off, or the cookie holds a live
 * session of an enabled editor), 'visitor', or 'unknown' when the session
 * table could not be read (the database is down: a signed-in editor must not
 * be told to sign in).
 */
export async function currentEditor(): Promise<Editor | 'visitor' | 'unknown'> {
  const config = env();
  if (!authRequired(config)) return LOCAL_EDITOR;
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return 'visitor';
  let editor: Editor | null;
  try {
    editor = await sessionEditor(await database(), token, config);
  } catch {
    return 'unknown';
  }
  if (!editor) return 'visitor';
  // The page cache renders an editors' page template by a live session, named by a marker
  // it fills in per request (lib/page-cache/editor-pages.ts); only a marker it issued counts.
  const marker = (await headers()).get(TEMPLATE_EDITOR_HEADER);
  return isIssuedNameMarker(marker) ? { ...editor, name: marker } : editor;
}

/** currentEditor() as the page's three cases: 'admin' (may edit), 'visitor' or 'unknown'. */
export async function sessionStatus(): Promise<'admin' | 'visitor' | 'unknown'> {
  const editor = await currentEditor();
  return typeof editor === 'string' ? editor : 'admin';
}

/** True when writes are allowed for this request (an unknown session is not: the page says why). */
export async function isAdmin(): Promise<boolean> {
  return (await sessionStatus()) === 'admin';
}

/**
 * Whether a session cookie set now would reach the browser and come back.
 * Browsers drop a Secure cookie received over plain HTTP, except on loopback
 * names; COOKIE_SECURE=0 sends it without Secure (a trusted network only).
 */
export async function sessionCookieTransport(): Promise<{ secure: boolean; works: boolean }> {
  const setting = env().COOKIE_SECURE;
  if (setting === '0') return { secure: false, works: true };
  const https = await requestIsHttps();
  return { secure: true, works: https || (await requestIsLocal()) };
}

/** Starts a session for `editor` (just checked by lib/auth/editors.ts) and sets its cookie. */
export async function startSession(editor: { id: number; passwordHash: string | null }): Promise<void> {
  const config = env();
  const maxAge = config.SESSION_MAX_AGE_SECONDS;
  const token = await createSession(await database(), maxAge, editor, config);
  const { secure } = await sessionCookieTransport();
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge });
}

/** Ends this browser's session (the server forgets it, so a saved copy of the cookie is worthless). */
export async function signOutHere(): Promise<void> {
  const jar = await cookies();
  await endSession(await database(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
}

/** Ends every session of `editorId`, on every device (every session when sign-in is off and there is no id). */
export async function signOutEverywhere(editorId: number | null): Promise<number> {
  const ended = await endAllSessions(await database(), editorId ?? undefined);
  (await cookies()).delete(SESSION_COOKIE);
  return ended;
}

/**
 * Editors' sessions stored server-side, so that they can be ended: sign-out
 * deletes one, "sign out everywhere" deletes all, disabling an editor deletes
 * theirs, and every action checks the table (OWASP Session Management Cheat
 * Sheet). The browser holds a random 256-bit token; the table holds its
 * SHA-256 only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database, Transaction } from '@/db/client';

import { adminSessions, editors } from '@/db/schema';
import { editorCredential, type AdminCredential } from './credential';

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Who a live session belongs to. */
export interface SessionEditor {
  id: number;
  name: string;
}

/**
 * Starts a session lasting maxAgeSeconds for `editor`, under its current
 * credential (lib/sessions/credential.ts); returns the token for the cookie (a
 * new one every sign-in).
 */
export async function createSession(db: Database, maxAgeSeconds: number, editor: { id: number; passwordHash: string | null }, config: AdminCredential): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(adminSessions).values({
    tokenHash: hashOf(token),
    editorId: editor.id,
    credential: editorCredential(editor, config),
    expiresAt: sql`now() + make_interval(secs => ${maxAgeSeconds})`,
  });
  // Expired rows are of no use to anyone; a sign-in is a good moment to drop them.
  await db.delete(adminSessions).where(lt(adminSessions.expiresAt, sql`now()`));
  return token;
}

/**
 * The editor whose live session `token` is, or null: the session has not
 * expired, its editor is not disabled, and it was made under the editor's
 * current credential (a session made with a password since changed is not
 * live). Anything malformed is simply not one.
 */
export async function sessionEditor(db: Database, token: string | undefined, config: AdminCredential): Promise<SessionEditor | null> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await db
    .select({ id: editors.id, name: editors.name, passwordHash: editors.passwordHash, credential: adminSessions.credential })
    .from(adminSessions)
    .innerJoin(editors, eq(editors.id, adminSessions.editorId))
    .where(and(eq(adminSessions.tokenHash, hashOf(token)), gt(adminSessions.expiresAt, sql`now()`), isNull(editors.disabledAt)));
  if (!row) return null;
  const expected = editorCredential(row, config);
  return expected !== '' && row.credential === expected ? { id: row.id, name: row.name } : null;
}

export async function endSession(db: Database, token: string | undefined): Promise<void> {
  if (token) await db.delete(adminSessions).where(eq(adminSessions.tokenHash, hashOf(token)));
}

/** Ends every session of `editorId` (every editor's when absent), on every device; returns how many there were. */
export async function endAllSessions(db: Database | Transaction, editorId?: number): Promise<number> {
  const which = editorId === undefined ? undefined : eq(adminSessions.editorId, editorId);
  return (await db.delete(adminSessions).where(which).returning({ tokenHash: adminSessions.tokenHash })).length;
}

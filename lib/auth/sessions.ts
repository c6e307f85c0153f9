/**
 * Admin sessions stored server-side, so that they can be ended: sign-out
 * deletes one, "sign out everywhere" deletes all, and every action checks
 * the table (OWASP Session Management Cheat Sheet). The browser holds a
 * random 256-bit token; the table holds its SHA-256 only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { adminSessions } from '@/db/schema';

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Starts a session lasting maxAgeSeconds under `credential` (lib/auth/credential.ts);
 * returns the token for the cookie (a new one every sign-in).
 */
export async function createSession(db: Database, maxAgeSeconds: number, credential: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(adminSessions).values({ tokenHash: hashOf(token), credential, expiresAt: sql`now() + make_interval(secs => ${maxAgeSeconds})` });
  // Expired rows are of no use to anyone; a sign-in is a good moment to drop them.
  await db.delete(adminSessions).where(lt(adminSessions.expiresAt, sql`now()`));
  return token;
}

/**
 * True when `token` belongs to a live session made under `credential`, the
 * current one: a session made with a password since changed is not live.
 * Anything malformed is simply not one.
 */
export async function sessionIsLive(db: Database, token: string | undefined, credential: string): Promise<boolean> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const [row] = await db
    .select({ tokenHash: adminSessions.tokenHash })
    .from(adminSessions)
    .where(and(eq(adminSessions.tokenHash, hashOf(token)), eq(adminSessions.credential, credential), gt(adminSessions.expiresAt, sql`now()`)));
  return row !== undefined;
}

export async function endSession(db: Database, token: string | undefined): Promise<void> {
  if (token) await db.delete(adminSessions).where(eq(adminSessions.tokenHash, hashOf(token)));
}

/** Ends every admin session, on every device; returns how many there were. */
export async function endAllSessions(db: Database): Promise<number> {
  return (await db.delete(adminSessions).returning({ tokenHash: adminSessions.tokenHash })).length;
}

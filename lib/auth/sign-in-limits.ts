/**
 * Sign-in rate limits that an attacker cannot turn against an editor:
 *
 * - per client (its real address, lib/http/trust-proxy.ts): at most
 *   MAX_CLIENT_ATTEMPTS wrong passwords per window, then that client waits
 *   for the window to end; other clients are unaffected;
 * - per account, against guesses spread over many addresses: from the
 *   ACCOUNT_FREE_ATTEMPTS-th attempt in a window on, every attempt waits
 *   ACCOUNT_BASE_DELAY_MS × 2^n, capped at ACCOUNT_MAX_DELAY_MS. The editor
 *   may be slowed down, never refused (OWASP Authentication Cheat Sheet,
 *   "Account lockout" vs throttling).
 *
 * Each attempt is counted and decided in one SQL statement before the
 * password is checked (an upsert takes the row lock, so 40 parallel guesses
 * get the counts 1 to 40 and only the first few are checked); a successful
 * sign-in gives its count back. The counts live in PostgreSQL, which sign-in
 * needs anyway for the session, so they hold while Redis is down or hangs,
 * and across processes and machines.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { signInAttempts } from '@/db/schema';

export const WINDOW_SECONDS = 15 * 60;
export const MAX_CLIENT_ATTEMPTS = 5;
export const ACCOUNT_FREE_ATTEMPTS = 5;
export const ACCOUNT_BASE_DELAY_MS = 250;
export const ACCOUNT_MAX_DELAY_MS = 3000;

export type Admission =
  | { allowed: true; delayMs: number }
  | { allowed: false; retryAfterSeconds: number };

const clientBucket = (client: string) => `client:${client}`;
/** One bucket per account name (any case): guesses at one editor never slow another down. */
const accountBucket = (name: string) => `account:${name.toLowerCase()}`;

/** Counts one attempt in `bucket`'s window, starting a new window when the old one is over. */
async function count(db: Database, bucket: string): Promise<{ attempts: number; windowEndsInSeconds: number }> {
  const window = sql`make_interval(secs => ${WINDOW_SECONDS})`;
  const stale = sql`${signInAttempts.windowStartedAt} <= now() - ${window}`;
  const [row] = await db
    .insert(signInAttempts)
    .values({ bucket, attempts: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: signInAttempts.bucket,
      set: {
        attempts: sql`case when ${stale} then 1 else ${signInAttempts.attempts} + 1 end`,
        windowStartedAt: sql`case when ${stale} then now() else ${signInAttempts.windowStartedAt} end`,
      },
    })
    .returning({
      attempts: signInAttempts.attempts,
      windowEndsInSeconds: sql<number>`ceil(extract(epoch from (${signInAttempts.windowStartedAt} + ${window} - now())))::int`,
    });
  return { attempts: row!.attempts, windowEndsInSeconds: Number(row!.windowEndsInSeconds) };
}

/** The wait before checking an attempt that is the account's `attempts`-th in its window. */
export function accountDelayMs(attempts: number): number {
  if (attempts <= ACCOUNT_FREE_ATTEMPTS) return 0;
  return Math.min(ACCOUNT_MAX_DELAY_MS, ACCOUNT_BASE_DELAY_MS * 2 ** (attempts - ACCOUNT_FREE_ATTEMPTS - 1));
}

/**
 * Counts a sign-in attempt from `client` and decides, before the password is
 * checked: refused when the client used up its window, otherwise allowed
 * after the delay of the account named `account`. `client` null (no server
 * entry: `next dev`) counts against the account only.
 */
export async function admitSignIn(db: Database, client: string | null, account: string): Promise<Admission> {
  if (client !== null) {
    const { attempts, windowEndsInSeconds } = await count(db, clientBucket(client));
    if (attempts > MAX_CLIENT_ATTEMPTS) return { allowed: false, retryAfterSeconds: Math.max(1, windowEndsInSeconds) };
  }
  const { attempts } = await count(db, accountBucket(account));
  return { allowed: true, delayMs: accountDelayMs(attempts) };
}

/** The password was right: this client starts afresh, and the account gets this attempt back. */
export async function signInSucceeded(db: Database, client: string | null, account: string): Promise<void> {
  if (client !== null) await db.delete(signInAttempts).where(eq(signInAttempts.bucket, clientBucket(client)));
  await db
    .update(signInAttempts)
    .set({ attempts: sql`greatest(${signInAttempts.attempts} - 1, 0)` })
    .where(eq(signInAttempts.bucket, accountBucket(account)));
}

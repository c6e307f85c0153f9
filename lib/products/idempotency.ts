/**
 * Idempotency keys: the one-time token a create or bulk form carries.
 *
 * The key is claimed inside the write's own transaction, so it exists exactly
 * when the write committed. A repeat (a network retry, a double submit, Back
 * and resubmit) finds it and gets the first write's stored result instead of
 * writing again. Two submissions racing with one key serialize on the primary
 * key: the second waits for the first transaction and then sees its claim.
 * The store is PostgreSQL itself: when it is down the write cannot happen
 * either, so there is no window in which a write could repeat unnoticed.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';

/** How long a key is remembered. A form older than this can be submitted again. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** How a write's result is stored under its key and read back (JSON columns hold no Dates). */
export interface ReceiptCodec<T> {
  encode(value: T): unknown;
  decode(stored: unknown): T;
}

/** Thrown inside the transaction to roll it back when the key was already claimed. */
export class AlreadySubmitted extends Error {
  override name = 'AlreadySubmitted';
  constructor(readonly key: string) {
    super(`idempotency key ${key} was already used`);
  }
}

/** Claims `key` in transaction `tx`; throws AlreadySubmitted when an earlier write holds it. */
export async function claimKey(tx: Database, key: string): Promise<void> {
  const claimed = await tx.insert(idempotencyKeys).values({ key, result: {} }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) throw new AlreadySubmitted(key);
}

export async function storeReceipt(tx: Database, key: string, result: unknown): Promise<void> {
  await tx.update(idempotencyKeys).set({ result }).where(eq(idempotencyKeys.key, key));
}

export async function readReceipt(db: Database, key: string): Promise<unknown> {
  const [row] = await db.select({ result: idempotencyKeys.result }).from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  return row?.result;
}

/** Deletes keys past their TTL; returns how many. */
export async function pruneKeys(db: Database): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(and(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`)))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}

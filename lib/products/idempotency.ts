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
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';
import { IdempotencyKeyReusedError } from './errors';

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

/**
 * What a key is spent on: the operation ('create', 'bulk-change-price', …)
 * and a digest of the values submitted with it (requestDigest()). A repeat
 * must match both to be answered with the first result (as Stripe refuses a
 * key reused with other parameters); anything else is refused.
 */
export interface KeyClaim {
  key: string;
  operation: string;
  requestDigest: string;
}

/** SHA-256 of `values` as JSON: equal for equal submissions, whatever the process. */
export function requestDigest(values: unknown): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('base64url');
}

/** Claims the key in transaction `tx`; throws AlreadySubmitted when an earlier write holds it. */
export async function claimKey(tx: Database, { key, operation, requestDigest: digest }: KeyClaim): Promise<void> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ key, operation, requestDigest: digest, result: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) throw new AlreadySubmitted(key);
}

export async function storeReceipt(tx: Database, key: string, result: unknown): Promise<void> {
  await tx.update(idempotencyKeys).set({ result }).where(eq(idempotencyKeys.key, key));
}

/** The first write's stored result under `claim.key`; throws IdempotencyKeyReusedError when it was spent on another operation or other values. */
export async function readReceipt(db: Database, claim: KeyClaim): Promise<unknown> {
  const [row] = await db
    .select({ operation: idempotencyKeys.operation, requestDigest: idempotencyKeys.requestDigest, result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, claim.key));
  // Keys claimed before operations were recorded ('') are answered as before; they expire within a day.
  if (row && row.operation !== '' && row.operation !== claim.operation) throw new IdempotencyKeyReusedError('other-operation');
  if (row && row.requestDigest !== '' && row.requestDigest !== claim.requestDigest) throw new IdempotencyKeyReusedError('other-values');
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

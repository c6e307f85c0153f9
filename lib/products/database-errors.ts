import { DatabaseUnavailableError, PriceOutOfRangeError, type DatabaseFailure } from './errors';

/**
 * Errors that mean "could not use PostgreSQL", as opposed to "PostgreSQL said
 * no": the socket's, postgres.js's own, db/reply-watchdog.ts's, and SQLSTATEs
 * of classes 08 (connection), 57 (operator intervention: shutdown, a statement
 * past statement_timeout), 53300 (too many connections), 3D000 (the database
 * does not exist) and 28 (the server refused our credentials): whichever way
 * the database is missing, a page says "unavailable", never "went wrong".
 */
const FAILURE_BY_CODE: Record<string, DatabaseFailure> = {
  ECONNREFUSED: 'unreachable', ECONNRESET: 'not-answering', ETIMEDOUT: 'not-answering', EHOSTUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable', EPIPE: 'not-answering', CONNECT_TIMEOUT: 'not-answering', CONNECTION_CLOSED: 'not-answering',
  CONNECTION_ENDED: 'unreachable', CONNECTION_DESTROYED: 'unreachable', DATABASE_NOT_ANSWERING: 'not-answering',
  '57P01': 'unreachable', '57P02': 'unreachable', '57P03': 'unreachable', '57014': 'not-answering',
  '08000': 'unreachable', '08001': 'unreachable', '08003': 'unreachable', '08006': 'not-answering',
  '53300': 'unreachable', '3D000': 'unreachable', '28000': 'unreachable', '28P01': 'unreachable',
};
const NUMERIC_OVERFLOW = '22003';

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  // drizzle wraps driver errors; the code sits on the innermost cause.
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a driver error to the data layer's own error types; anything unknown passes through. */
export function translateDatabaseError(error: unknown): unknown {
  const code = codeOf(error);
  if (code === NUMERIC_OVERFLOW) return new PriceOutOfRangeError();
  const failure = code !== undefined && Object.hasOwn(FAILURE_BY_CODE, code) ? FAILURE_BY_CODE[code] : undefined;
  if (failure) return new DatabaseUnavailableError(error, failure);
  return error;
}

/** Runs a database call, rethrowing its failure as one of the data layer's error types. */
export async function withDatabaseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

import { DatabaseUnavailableError, PriceOutOfRangeError } from './errors';

// Errors that mean "could not talk to PostgreSQL", as opposed to "PostgreSQL said no".
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006',
]);
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
  if (code && CONNECTION_ERROR_CODES.has(code)) return new DatabaseUnavailableError(error);
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

/**
 * A stable, machine-readable name for why a dependency check failed. Error
 * class names are minified in a production build ("gA") and messages can
 * carry connection strings or tokens, so neither is reported.
 */
export type FailureCode =
  | 'connection-refused'
  | 'connection-reset'
  | 'timeout'
  | 'dns-failed'
  | 'auth-failed'
  | 'database-missing'
  | 'circuit-open'
  | 'unavailable';

const BY_CODE: Record<string, FailureCode> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  CONNECTION_CLOSED: 'connection-reset',
  CONNECTION_ENDED: 'connection-reset',
  CONNECTION_DESTROYED: 'connection-reset',
  ETIMEDOUT: 'timeout',
  CONNECT_TIMEOUT: 'timeout',
  DATABASE_NOT_ANSWERING: 'timeout',
  '57014': 'timeout', // PostgreSQL query_canceled: a statement past statement_timeout
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  ENOTFOUND: 'dns-failed',
  EAI_AGAIN: 'dns-failed',
  '28P01': 'auth-failed', // PostgreSQL invalid_password
  '28000': 'auth-failed', // PostgreSQL invalid_authorization_specification
  '3D000': 'database-missing', // PostgreSQL invalid_catalog_name: no database of that name
};

/** Walks `error` and its causes (drivers and fetch wrap the real reason) for something recognisable. */
export function failureCode(error: unknown): FailureCode {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    const candidate = current as { code?: unknown; name?: unknown; message?: unknown; timedOut?: unknown; circuitOpen?: unknown; cause?: unknown };
    if (candidate.circuitOpen === true) return 'circuit-open';
    if (candidate.timedOut === true || candidate.name === 'TimeoutError' || candidate.name === 'AbortError') return 'timeout';
    if (typeof candidate.code === 'string' && Object.hasOwn(BY_CODE, candidate.code)) return BY_CODE[candidate.code]!;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (/\b(401|403)\b|unauthori[sz]ed|WRONGPASS|NOAUTH/i.test(message)) return 'auth-failed';
    // ioredis between reconnects: its connection is gone and it refuses to queue the command.
    if (/Stream isn't writeable|Connection is closed/i.test(message)) return 'connection-reset';
    for (const [code, name] of Object.entries(BY_CODE)) if (message.includes(code)) return name;
    current = candidate.cause;
  }
  return 'unavailable';
}

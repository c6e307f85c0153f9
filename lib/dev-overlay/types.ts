/**
 * The shapes the dev overlay records and serves. Plain data only, so the
 * client panels can import these types without pulling in server code.
 */

/** One frame of our own code, after source maps: "lib/products/queries.ts:45:5 in listPage". */
export interface SourceFrame {
  /** Relative to the project root. */
  file: string;
  line: number;
  column: number;
  fn: string | null;
}

/** One cache operation, as the cache layer reported it (never guessed). */
export interface CacheEntry {
  kind: 'cache';
  /** Its position in the request's record: GET /api/dev/requests/<id>/cache/<index> returns its whole value. */
  index: number;
  /** Where the call came from, innermost first (empty when unknown). */
  callSite: SourceFrame[];
  /** The value read or written, cut short; absent when the operation has none (a miss, a delete). */
  valuePreview?: string;
  /** Seconds the key had left when it was read or written (null: never expires). */
  remainingTtlSeconds?: number | null;
  /** ms from the start of the request. */
  offsetMs: number;
  durationMs: number;
  op: string;
  key: string;
  storedKey?: string;
  result?: string;
  /** The hit was served from this process's copy (validated against the namespace generation). */
  local?: boolean;
  /** The read-through namespace (lookup, lease-wait, fill, invalidate). */
  namespace?: string;
  /** The generation this step read or was tied to (part of storedKey). */
  generation?: string;
  /** True when that generation has been retired since: nothing will read this stored key again. */
  deadGeneration?: boolean;
  /** Why it hit or missed, in one sentence ("generation moved at POST / (action), 12 s before: …"). */
  why?: string;
  bytes?: number;
  ttlSeconds?: number | null;
  error?: string;
  store: string;
}

/** One SQL statement, timed at the driver boundary. */
export interface QueryEntry {
  kind: 'sql';
  /** Its position in the request's record, for POST /api/dev/explain. */
  index: number;
  callSite: SourceFrame[];
  /** A single SELECT: EXPLAIN, EXPLAIN ANALYZE and "run again" are offered. */
  explainable: boolean;
  offsetMs: number;
  durationMs: number;
  text: string;
  params: unknown[];
  /** Size of the parameters as JSON, in bytes; null when they cannot be encoded. */
  paramBytes: number | null;
  /** Rows returned (or affected); null when the driver did not say. */
  rows: number | null;
  error?: string;
  driver: string;
  /** Same text as an earlier query of this request (similar). */
  similar: number;
  /** Same text and parameters as another query of this request. */
  duplicate: number;
}

export interface RequestMeta {
  method: string;
  path: string;
  /** 'page', 'action' (a server action POST), 'rsc' (client navigation), 'prefetch', 'api'. */
  label: string;
  /** The action (a POST) this page request came after: its redirect, or the next load once it answered. */
  after?: string;
}

export interface RequestSummary {
  id: string;
  method: string;
  path: string;
  label: string;
  /** Wall-clock ms since the epoch, for display. */
  startedAtEpochMs: number;
  /** HTTP status; null while the response has not finished. */
  status: number | null;
  /** Total server time, ms; null while running. */
  totalMs: number | null;
  cache: {
    calls: number;
    byOp: Record<string, number>;
    hits: number;
    misses: number;
    /** hits / (hits + misses); null when there were no reads. */
    hitRatio: number | null;
    bytes: number;
    timeMs: number;
    errors: number;
  };
  sql: {
    count: number;
    timeMs: number;
    rows: number;
    /** Queries that repeat an earlier one's text and parameters. */
    duplicates: number;
    /** Queries that repeat an earlier one's text (any parameters). */
    similar: number;
    slow: number;
    errors: number;
  };
  /** Why the pill turns to its warning colour; empty when all is well. */
  warnings: string[];
  /** The id of the action this page request came after (RequestMeta.after). */
  after?: string;
}

/** The action a page came after, shown with the page: what it did to the cache is why the page hit or missed. */
export interface FollowedRequest {
  summary: RequestSummary;
  cache: CacheEntry[];
  /** ms from the action's start to this page's start. */
  gapMs: number;
}

export interface RequestDetail {
  summary: RequestSummary;
  cache: CacheEntry[];
  sql: QueryEntry[];
  slowQueryMs: number;
  /** The action this page came after, when it is still kept. */
  follows?: FollowedRequest;
}

/** Work no request asked for (the outbox sweep, start-up), kept apart from every request. */
export interface BackgroundEntry {
  kind: 'cache' | 'sql';
  atEpochMs: number;
  durationMs: number;
  /** A cache event's operation, key and result. */
  op?: string;
  key?: string;
  result?: string;
  /** A query's text and the rows it returned. */
  text?: string;
  rows?: number | null;
  /** Why it is background: "no request", or the request whose timer it ran in, after that request had finished. */
  why: string;
}

export interface BackgroundLog {
  /** Counted since the server started (the entries are only the newest). */
  totals: { queries: number; cacheCalls: number; timeMs: number };
  /** Newest first. */
  entries: BackgroundEntry[];
  capacity: number;
}

export interface RequestList {
  requests: RequestSummary[];
  capacity: number;
  slowQueryMs: number;
}

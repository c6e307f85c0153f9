/**
 * Where a query or cache call came from, captured cheaply at the call: V8's
 * structured call sites (file, line, column) instead of a formatted stack
 * string, so nothing is source-mapped or printed until a developer opens
 * the request in the overlay (source-frames.ts does that, lazily).
 *
 * Development only: the overlay asks for frames only while it is enabled.
 */

export interface RawFrame {
  /** The running file: a bundled chunk under .next/, or node:…, or a path. */
  file: string;
  /** 1-based, as V8 reports them. */
  line: number;
  column: number;
  fn: string | null;
}

type V8CallSite = {
  getFileName(): string | null | undefined;
  getScriptNameOrSourceURL?(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
};

/** How deep to look: past the driver's and the framework's frames to the app's. */
const DEPTH = 40;

/** The current stack as raw frames, innermost first, without this function's own. */
export function captureFrames(): RawFrame[] {
  const previousPrepare = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = DEPTH;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.captureStackTrace(holder, captureFrames);
    const sites = (holder.stack ?? []) as V8CallSite[];
    const frames: RawFrame[] = [];
    for (const site of sites) {
      const file = site.getFileName() ?? site.getScriptNameOrSourceURL?.();
      const line = site.getLineNumber();
      if (!file || line === null) continue;
      frames.push({ file, line, column: site.getColumnNumber() ?? 1, fn: site.getFunctionName() });
    }
    return frames;
  } finally {
    Error.prepareStackTrace = previousPrepare;
    Error.stackTraceLimit = previousLimit;
  }
}

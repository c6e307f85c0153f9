/**
 * Turns raw frames (call-site.ts) into the app's own source lines: each
 * frame of a bundled chunk is mapped through the chunk's source map (read
 * once per chunk, when a developer first opens a request that needs it),
 * then only frames in our code are kept: app/, components/, lib/ and db/,
 * without node_modules, the framework, and the tools that did the recording
 * (the overlay, the cache library's internals, the driver wrapper).
 */
import fs from 'node:fs';
import { findSourceMap, SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawFrame } from './call-site';
import type { SourceFrame } from './types';

const OWN_CODE = /^(app|components|lib|db)\//;
/** Our code that only records or implements what the frame above it asked for. */
const RECORDERS = /^(lib\/dev-overlay\/|lib\/cache\/|db\/instrumentation\.ts|lib\/page-cache\/capture\.ts)/;
const MAX_SHOWN = 5;

const maps = new Map<string, SourceMap | null>();

function pathOf(file: string): string | null {
  if (file.startsWith('node:')) return null;
  if (file.startsWith('file://')) return fileURLToPath(file);
  return path.isAbsolute(file) ? file : null;
}

/** The chunk's source map: Node's own when it loaded one, else the file named by sourceMappingURL. */
function sourceMapOf(file: string): SourceMap | null {
  if (maps.has(file)) return maps.get(file)!;
  let map: SourceMap | null = null;
  try {
    map = findSourceMap(file) ?? null;
    const filePath = map ? null : pathOf(file);
    if (filePath) {
      const code = fs.readFileSync(filePath, 'utf8');
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
      if (url?.startsWith('data:')) map = new SourceMap(JSON.parse(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')));
      else if (url) map = new SourceMap(JSON.parse(fs.readFileSync(path.resolve(path.dirname(filePath), url), 'utf8')));
    }
  } catch {
    map = null;
  }
  maps.set(file, map);
  return map;
}

/** A source path as the project sees it ("lib/products/queries.ts"), or null when it is not ours. */
export function projectPath(source: string, root = process.cwd()): string | null {
  let relative = source
    .replace(/^turbopack:\/\/\/\[project\]\//, '')
    .replace(/^webpack:\/\/[^/]*\//, '')
    .replace(/^file:\/\//, '');
  if (path.isAbsolute(relative)) relative = path.relative(root, relative);
  relative = relative.replace(/^\.\//, '').split(path.sep).join('/');
  if (relative.startsWith('..') || relative.includes('node_modules/') || !OWN_CODE.test(relative)) return null;
  return relative;
}

function mapFrame(frame: RawFrame): SourceFrame | null {
  const map = sourceMapOf(frame.file);
  if (!map) {
    const own = projectPath(frame.file);
    return own ? { file: own, line: frame.line, column: frame.column, fn: frame.fn } : null;
  }
  const entry = map.findEntry(frame.line - 1, frame.column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number; name?: string };
  if (!entry?.originalSource || entry.originalLine === undefined) return null;
  const own = projectPath(entry.originalSource);
  // The map's name is the identifier at that position (the called method), so the running function is V8's.
  return own ? { file: own, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, fn: frame.fn } : null;
}

/** The first few frames in our own code, innermost first, recorders left out. */
export function resolveFrames(frames: readonly RawFrame[] | undefined): SourceFrame[] {
  const shown: SourceFrame[] = [];
  for (const frame of frames ?? []) {
    const mapped = mapFrame(frame);
    if (!mapped || RECORDERS.test(mapped.file)) continue;
    const previous = shown[shown.length - 1];
    if (previous && previous.file === mapped.file && previous.line === mapped.line) continue;
    shown.push(mapped);
    if (shown.length === MAX_SHOWN) break;
  }
  return shown;
}

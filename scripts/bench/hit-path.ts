/**
 * Issue 25's measurements of a page-cache hit, side by side in one run:
 * - ours against a bare Node server (bare-server.mjs, as many workers)
 *   answering the very bytes and headers of our hit from memory, in
 *   interleaved rounds, identity and Brotli;
 * - bytes on the wire per encoding;
 * - revalidation: conditional GETs naming the current ETag (share answered
 *   304, and their rate), and after a write none of them 304;
 * - a signed-in editor's view of the largest page, as that editor's browser asks for it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../lib/free-port';
import { load, startServer, type LoadResult } from './server';
import { median } from './stats';

export interface HitPathSetup {
  port: number;
  env: Record<string, string>;
  load: { runs: number; seconds: number; connections: number };
  workers: number;
  /** Interleaved rounds of ours then bare, per path and encoding. */
  rounds: number;
  /** Changes what every path shows (a product created through the data layer, invalidating under cache prefix `prefix`), for the revalidation check. */
  write: (prefix: string) => Promise<void>;
  /** A live session of an editor on a server started with `credential` (its ADMIN_PASSWORD and SESSION_SECRET): the Cookie header to send. */
  editorCookie: (credential: { ADMIN_PASSWORD: string; SESSION_SECRET: string }) => Promise<string>;
}

export interface HitPathRow {
  path: string;
  encoding: 'identity' | 'br';
  ours: number;
  bare: number;
  /** The bare server that also waits for one shared Redis GET per event-loop turn (bare-server.mjs): identity rows only. */
  bareWithRead: number | null;
  oursNon2xx: number;
}

export interface HitPathReport {
  rows: HitPathRow[];
  /** Bytes of each path's hit per encoding. */
  bytes: Array<{ path: string; identity: number; br: number; gzip: number }>;
  revalidation: Array<{ path: string; conditional: number; notModified: number; ratePerSecond: number; afterWrite: { conditional: number; notModified: number } }>;
  /** The last path viewed by a signed-in editor: req/s, and how the page cache answered its first view and one after the load (x-page-cache). */
  signedIn: { path: string; requestsPerSecond: number; non2xx: number; pageCache: string };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** The hit of `url` in `encoding`; Brotli and gzip are made after a first request asks (representations.ts), so this asks until it is. */
async function hitIn(url: string, encoding: 'identity' | 'br' | 'gzip'): Promise<Answer> {
  const headers: Record<string, string> = encoding === 'identity' ? {} : { 'accept-encoding': encoding };
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answer = await get(url, headers);
    const coded = answer.headers['content-encoding'] ?? 'identity';
    if (answer.headers['x-page-cache'] === 'hit' && coded === encoding) return answer;
    await sleep(20);
  }
  throw new Error(`${url} never answered a ${encoding} hit`);
}

// Per connection and per answer, not the page's: a bare server need not copy them.
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-worker', 'x-catalog-run']);

/** The bare server on a free port, in its own process group; with `generationReadUrl`, each answer waits for a shared Redis GET. */
async function startBare(pages: Record<string, Answer>, workers: number, generationReadUrl?: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bare-')), 'pages.json');
  const json: Record<string, unknown> = {};
  for (const [key, answer] of Object.entries(pages)) {
    const headers = Object.entries(answer.headers).flatMap(([name, value]) => (PER_RESPONSE.has(name) || value === undefined ? [] : [[name, String(value)]]));
    json[key] = { status: answer.status, headers, body: answer.body.toString('base64') };
  }
  fs.writeFileSync(file, JSON.stringify(json));
  const port = await freePort();
  // Its own process group, stopped by that group's id whatever happens to the bench.
  const child = spawn(process.execPath, ['scripts/bench/bare-server.mjs', String(port), file], { env: { ...process.env, WEB_CONCURRENCY: String(workers), BARE_GENERATION_READ: generationReadUrl ?? '' }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const stopGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stopGroup);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      stopGroup();
      process.removeListener('exit', stopGroup);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

/** Conditional GETs of `url` naming `etag`: how many were answered 304. */
async function revalidate(url: string, etag: string, count: number): Promise<{ conditional: number; notModified: number }> {
  let notModified = 0;
  for (let index = 0; index < count; index += 1) if ((await get(url, { 'if-none-match': etag })).status === 304) notModified += 1;
  return { conditional: count, notModified };
}

/** Measures every path's hit against the bare server, its bytes per encoding, and revalidation. */
export async function measureHitPath(setup: HitPathSetup, paths: string[]): Promise<HitPathReport> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const credential = { ADMIN_PASSWORD: randomBytes(12).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex') };
  const server = await startServer(setup.port, { ...setup.env, ...credential, PAGE_CACHE: '1', CACHE_DISABLED: '0', WEB_CONCURRENCY: String(setup.workers), CACHE_PREFIX: prefix });
  const report: HitPathReport = { rows: [], bytes: [], revalidation: [], signedIn: { path: '', requestsPerSecond: 0, non2xx: 0, pageCache: '' } };
  try {
    const hits: Record<string, Answer> = {};
    for (const pagePath of paths) {
      await load(server.url + pagePath, { runs: 1, seconds: 1, connections: setup.load.connections });
      const [identity, br, gzip] = [await hitIn(server.url + pagePath, 'identity'), await hitIn(server.url + pagePath, 'br'), await hitIn(server.url + pagePath, 'gzip')];
      hits[pagePath] = identity;
      hits[`${pagePath}#br`] = br;
      report.bytes.push({ path: pagePath, identity: identity.body.length, br: br.body.length, gzip: gzip.body.length });
    }
    // The bare server keys by request URL; Brotli gets its own address there.
    const barePages = Object.fromEntries(Object.entries(hits).map(([key, answer]) => [key.endsWith('#br') ? `${key.slice(0, -3)}${key.includes('?') ? '&' : '?'}coded=br` : key, answer]));
    const bare = await startBare(barePages, setup.workers);
    // The floor needs Redis over TCP, as ours reads it (not under --store upstash).
    const withRead = setup.env.REDIS_URL ? await startBare(barePages, setup.workers, setup.env.REDIS_URL) : null;
    try {
      for (const pagePath of paths) {
        for (const encoding of ['identity', 'br'] as const) {
          const headers: Record<string, string> = encoding === 'br' ? { 'accept-encoding': 'br' } : {};
          const bareUrl = bare.url + (encoding === 'br' ? `${pagePath}${pagePath.includes('?') ? '&' : '?'}coded=br` : pagePath);
          await load(bareUrl, { runs: 1, seconds: 1, connections: setup.load.connections });
          const ours: LoadResult[] = [];
          const theirs: LoadResult[] = [];
          const floor: LoadResult[] = [];
          for (let round = 0; round < setup.rounds; round += 1) {
            ours.push(await load(server.url + pagePath, { ...setup.load, runs: 1, headers }));
            theirs.push(await load(bareUrl, { ...setup.load, runs: 1 }));
            if (withRead && encoding === 'identity') floor.push(await load(withRead.url + pagePath, { ...setup.load, runs: 1 }));
          }
          const rate = (results: LoadResult[]) => median(results.map((result) => result.requestsPerSecond));
          report.rows.push({
            path: pagePath,
            encoding,
            ours: rate(ours),
            bare: rate(theirs),
            bareWithRead: floor.length > 0 ? rate(floor) : null,
            oursNon2xx: ours.reduce((sum, result) => sum + result.non2xx, 0),
          });
        }
      }
    } finally {
      await bare.stop();
      await withRead?.stop();
    }
    for (const pagePath of paths) {
      const etag = String(hits[pagePath]!.headers.etag);
      const current = await revalidate(server.url + pagePath, etag, 500);
      const rate = await load(server.url + pagePath, { ...setup.load, runs: 1, headers: { 'if-none-match': etag } });
      report.revalidation.push({ path: pagePath, ...current, ratePerSecond: rate.requestsPerSecond, afterWrite: { conditional: 0, notModified: 0 } });
    }
    await setup.write(prefix);
    for (const [index, pagePath] of paths.entries()) report.revalidation[index]!.afterWrite = await revalidate(server.url + pagePath, String(hits[pagePath]!.headers.etag), 50);

    const signedInPath = paths.at(-1)!;
    const cookie = await setup.editorCookie(credential);
    const asEditor = await get(server.url + signedInPath, { cookie });
    if (asEditor.status !== 200 || !asEditor.body.includes('Signed in as')) throw new Error(`the editor's session did not sign them in (${asEditor.status})`);
    const editorLoad = await load(server.url + signedInPath, { ...setup.load, headers: { cookie } });
    // The first view renders the editors' template (a miss); the load's views are filled in from it.
    const afterLoad = await get(server.url + signedInPath, { cookie });
    report.signedIn = { path: signedInPath, requestsPerSecond: editorLoad.requestsPerSecond, non2xx: editorLoad.non2xx, pageCache: `${String(asEditor.headers['x-page-cache'])}, then ${String(afterLoad.headers['x-page-cache'])}` };
  } finally {
    await server.stop();
  }
  return report;
}

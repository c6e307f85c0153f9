/**
 * The yardstick of issue 25: a bare Node server (node:cluster, WEB_CONCURRENCY
 * workers, 2 by default) answering the very bytes and headers our page cache
 * sends, from memory, with nothing else: no generation read, no routing, no
 * record. Ours ÷ this is how close a hit is to serving bytes at all.
 *
 * With BARE_GENERATION_READ=<redis url>, every answer waits for one Redis GET
 * shared by the requests of one event-loop turn, as ours shares its
 * generation read (lib/cache/generation-reads.ts): the floor that any hit
 * keeping the freshness guarantee pays on this machine, without our code.
 *
 *   node scripts/bench/bare-server.mjs <port> <pages.json>
 *
 * pages.json: { "<path>": { "status": 200, "headers": [[name, value], …], "body": "<base64>" } }.
 * Plain JavaScript: nothing between the request and the bytes but node:http (and the GET).
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

const [port, file] = process.argv.slice(2);
const workers = Number(process.env.WEB_CONCURRENCY) || 2;

if (cluster.isPrimary) {
  for (let index = 0; index < workers; index += 1) cluster.fork();
  let ready = 0;
  cluster.on('listening', () => {
    ready += 1;
    if (ready === workers) console.log(`bare server listening on ${port}`);
  });
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  const generationRead = sharedRead(process.env.BARE_GENERATION_READ);
  const pages = new Map(
    Object.entries(JSON.parse(fs.readFileSync(file, 'utf8'))).map(([path, page]) => [path, { status: page.status, headers: page.headers, body: Buffer.from(page.body, 'base64') }]),
  );
  http
    .createServer((request, response) => {
      const page = pages.get(request.url);
      if (!page) {
        response.statusCode = 404;
        response.end();
        return;
      }
      const answer = () => {
        response.statusCode = page.status;
        for (const [name, value] of page.headers) response.setHeader(name, value);
        response.end(page.body);
      };
      if (generationRead) generationRead().then(answer, () => response.destroy());
      else answer();
    })
    .listen(Number(port), '127.0.0.1');
}

/** One GET of a fixed key per event-loop turn, shared by the requests that asked during it; null without a Redis URL. */
function sharedRead(redisUrl) {
  if (!redisUrl) return null;
  const Redis = createRequire(import.meta.url)('ioredis');
  const redis = new Redis(redisUrl);
  let unsent = null;
  return () =>
    (unsent ??= new Promise((resolve, reject) =>
      setImmediate(() => {
        unsent = null;
        redis.get('bench:bare:generation').then(resolve, reject);
      }),
    ));
}

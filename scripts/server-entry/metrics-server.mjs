/**
 * The metrics port (METRICS_PORT, on METRICS_HOST, default 127.0.0.1): GET
 * /metrics answers Prometheus' text format to a scraper that sends
 * `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 401, and any
 * other address 404. A port of its own, so the public port never serves it.
 *
 * Plain JavaScript: npm start's primary (scripts/start.mjs) runs it, outside Next's build.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const digest = (text) => createHash('sha256').update(text).digest();

/** Whether the request carries the token (compared in constant time). */
function authorized(request, token) {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  return Boolean(match) && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Starts the metrics server; `scrape()` returns { contentType, body }.
 * @param {{ port: number, host: string, token: string, scrape: () => Promise<{ contentType: string, body: string }> }} options
 * @returns {Promise<http.Server>} once it listens
 */
export function startMetricsServer({ port, host, token, scrape }) {
  // new http.Server, not http.createServer: the server entry wraps the latter with the app.
  const server = new http.Server(async (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') return response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at /metrics\n');
    if (!authorized(request, token)) {
      return response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' }).end('Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return response.writeHead(405, { allow: 'GET, HEAD' }).end();
    try {
      const { contentType, body } = await scrape();
      response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end(`Metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The metrics settings from the environment, or null when METRICS_PORT is unset (the workers check them: lib/env.ts). */
export function metricsSettings(environment = process.env) {
  const port = Number(environment.METRICS_PORT);
  if (!environment.METRICS_PORT || !Number.isInteger(port) || !environment.METRICS_TOKEN) return null;
  return { port, host: environment.METRICS_HOST || '127.0.0.1', token: environment.METRICS_TOKEN };
}

/**
 * What a CSV export costs (issue 24): GET /products.csv of the whole catalog
 * on a fresh one-worker server, its time, its size, and the server's peak
 * memory before and after (VmHWM), so 1,000 and 100,000 products can be set
 * side by side: the export streams in batches, so the peak should not grow
 * with the catalog.
 */
import { peakRssMb, startServer } from './server';

export interface ExportCell {
  rows: number;
  seconds: number;
  megabytes: number;
  /** The server's peak resident memory after a page view, and after the export, MB (all its processes). */
  peakBeforeMb: number;
  peakAfterMb: number;
}

export async function measureExport(port: number, env: Record<string, string>): Promise<ExportCell> {
  const server = await startServer(port, { ...env, AUTH_REQUIRED: '0', WEB_CONCURRENCY: '1' });
  try {
    await fetch(`${server.url}/`).then((response) => response.text());
    const peakBeforeMb = peakRssMb(server.process.pid);
    const started = performance.now();
    const response = await fetch(`${server.url}/products.csv`);
    if (!response.ok || !response.body) throw new Error(`GET /products.csv answered ${response.status}`);
    let bytes = 0;
    let lines = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      bytes += chunk.value.length;
      for (const byte of chunk.value) if (byte === 10) lines += 1;
    }
    return { rows: lines - 1, seconds: (performance.now() - started) / 1000, megabytes: bytes / 1e6, peakBeforeMb, peakAfterMb: peakRssMb(server.process.pid) };
  } finally {
    await server.stop();
  }
}

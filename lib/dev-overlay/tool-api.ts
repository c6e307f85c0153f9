/**
 * The overlay's tools, as JSON endpoints (development only: each answers 404
 * otherwise, and proxy.ts refuses /api/dev in production too):
 * - a cache event's whole value;
 * - EXPLAIN / EXPLAIN ANALYZE / run again of a recorded query;
 * - one line of the cache console (keys() with a note of which keys are under dead generations).
 */
import 'server-only';
import { z } from 'zod';
import { runCacheCall } from '@/lib/cache-console/run-call';
import type { DatabaseHandle } from '@/db/client';
import type { Cache } from '@/lib/cache';
import { notFound } from './api';
import { devOverlayEnabled } from './enabled';
import { explainQuery, ExplainRefusedError } from './explain';
import { env } from '@/lib/env';
import { devCollector, devStories } from './registry';
import { deadGenerationNote } from './stored-keys';
import { fullValueText } from './value-preview';
import { describeError } from '@/lib/describe-error';

const noStore = { 'cache-control': 'no-store' };
const problem = (status: number, message: string) => Response.json({ error: message }, { status, headers: noStore });

/** GET /api/dev/requests/<id>/cache/<index>: the value as indented JSON. */
export function cacheValueResponse(id: string, index: string): Response {
  if (!devOverlayEnabled()) return notFound();
  const found = devCollector().cacheValue(id, Number(index));
  if (!found) return problem(404, `Request ${id} has no recorded value at cache event ${index} (or it was evicted).`);
  return Response.json({ value: fullValueText(found.value) }, { headers: noStore });
}

const explainRequest = z.object({ requestId: z.string().min(1).max(100), index: z.number().int().min(0), mode: z.enum(['explain', 'analyze', 'rows']) });

/** POST /api/dev/explain { requestId, index, mode }. */
export async function explainResponse(request: Request, database: DatabaseHandle): Promise<Response> {
  if (!devOverlayEnabled()) return notFound();
  const parsed = explainRequest.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return problem(400, 'Send { requestId, index, mode: "explain" | "analyze" | "rows" }.');
  const { requestId, index, mode } = parsed.data;
  const query = devCollector().query(requestId, index);
  if (!query) return problem(404, `Request ${requestId} has no query ${index} (or it was evicted).`);
  try {
    return Response.json(await explainQuery(database, query, mode), { headers: noStore });
  } catch (error) {
    if (error instanceof ExplainRefusedError) return problem(422, error.message);
    return problem(500, `The database refused: ${describeError(error)}`);
  }
}

const consoleRequest = z.object({ command: z.string().trim().min(1).max(4000) });

/** POST /api/dev/cache { command }: one line of the Django shell's cache API, against the app's cache. */
export async function cacheConsoleResponse(request: Request, cache: Cache | null): Promise<Response> {
  if (!devOverlayEnabled()) return notFound();
  const parsed = consoleRequest.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return problem(400, 'Send { command: "cache.get(\'my_key\')" }.');
  if (!cache) return problem(409, 'The cache is disabled (CACHE_DISABLED=1).');
  const { ran, ...outcome } = await runCacheCall(cache, parsed.data.command);
  const note = ran?.method === 'keys' ? deadGenerationNote(ran.value as string[], env().CACHE_PREFIX, (namespace) => devStories().currentGeneration(namespace)) : undefined;
  return Response.json({ command: parsed.data.command, ...outcome, ...(note && { note }) }, { headers: noStore });
}

/** POST /api/dev/explain — EXPLAIN, EXPLAIN ANALYZE or run again, for a recorded SELECT (development only; see /api/dev/requests). */
import { notFoundResponse } from '@/lib/http/not-found';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  if (process.env.NODE_ENV !== 'development') return notFoundResponse();
  const { explainResponse } = await import('@/lib/dev-overlay/tool-api');
  const { serverRoot } = await import('@/lib/server');
  return explainResponse(request, (await serverRoot()).database);
}

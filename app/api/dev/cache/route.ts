/** POST /api/dev/cache — one call of the low-level cache API, Django's names (development only; see /api/dev/requests). */
import { notFoundResponse } from '@/lib/http/not-found';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  if (process.env.NODE_ENV !== 'development') return notFoundResponse();
  const { cacheConsoleResponse } = await import('@/lib/dev-overlay/tool-api');
  const { serverRoot } = await import('@/lib/server');
  return cacheConsoleResponse(request, (await serverRoot()).cache);
}

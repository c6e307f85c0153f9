/** GET /api/dev/requests/<id>/cache/<index> — the whole value a cache event read or wrote (development only; see /api/dev/requests). */
import { notFoundResponse } from '@/lib/http/not-found';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; index: string }> }): Promise<Response> {
  if (process.env.NODE_ENV !== 'development') return notFoundResponse();
  const { cacheValueResponse } = await import('@/lib/dev-overlay/tool-api');
  const { id, index } = await params;
  return cacheValueResponse(id, index);
}

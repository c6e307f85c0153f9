/** GET /api/dev/requests/<id>/cache/<index> — the whole value a cache event read or wrote (development only). */
import { cacheValueResponse } from '@/lib/dev-overlay/tool-api';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; index: string }> }): Promise<Response> {
  const { id, index } = await params;
  return cacheValueResponse(id, index);
}

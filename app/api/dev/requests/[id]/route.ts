/** GET /api/dev/requests/<id> — one request's cache events and queries (development only; see ../route.ts). */
import { notFoundResponse } from '@/lib/http/not-found';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  if (process.env.NODE_ENV !== 'development') return notFoundResponse();
  const { detailResponse } = await import('@/lib/dev-overlay/api');
  return detailResponse((await params).id);
}

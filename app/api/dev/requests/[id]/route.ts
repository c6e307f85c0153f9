/** GET /api/dev/requests/<id> — one request's cache events and queries (development only). */
import { detailResponse } from '@/lib/dev-overlay/api';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return detailResponse((await params).id);
}

/** GET /api/dev/background — work no request asked for, kept apart from every request (development only; see ../requests/route.ts). */
import { notFoundResponse } from '@/lib/http/not-found';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  if (process.env.NODE_ENV !== 'development') return notFoundResponse();
  const { backgroundResponse } = await import('@/lib/dev-overlay/api');
  return backgroundResponse();
}

/**
 * GET /api/dev/requests — the recent requests with their summaries (development only).
 * The overlay is imported only inside a literal NODE_ENV check, which a production
 * build folds to false: its code is not in the server bundle at all.
 */
import { notFoundResponse } from '@/lib/http/not-found';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  if (process.env.NODE_ENV !== 'development') return notFoundResponse();
  const { listResponse } = await import('@/lib/dev-overlay/api');
  return listResponse();
}

/** GET /api/dev/requests — the recent requests with their summaries (development only). */
import { listResponse } from '@/lib/dev-overlay/api';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return listResponse();
}

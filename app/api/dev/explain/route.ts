/** POST /api/dev/explain — EXPLAIN, EXPLAIN ANALYZE or run again, for a recorded SELECT (development only). */
import { explainResponse } from '@/lib/dev-overlay/tool-api';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return explainResponse(request);
}

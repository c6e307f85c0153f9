/** POST /api/dev/cache — one call of the low-level cache API, Django's names (development only). */
import { cacheConsoleResponse } from '@/lib/dev-overlay/tool-api';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return cacheConsoleResponse(request);
}

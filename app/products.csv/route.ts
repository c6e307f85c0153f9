import { sessionStatus } from '@/lib/auth/session';
import { productCsvStream } from '@/lib/csv/product-csv';
import { serverRoot } from '@/lib/server';
import { parseListQuery } from '@/lib/validation/list-query';

export const dynamic = 'force-dynamic';

/**
 * GET /products.csv?q=…&sort=…&dir=…: every product the list shows for that
 * search and order (all pages), streamed as CSV (lib/csv/product-csv.ts).
 * For signed-in editors: a visitor is sent to sign in (303), and an address
 * whose search the list would refuse gets 400 with the list's message.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const status = await sessionStatus();
  if (status !== 'admin') {
    if (status === 'unknown') return new Response('Your session could not be checked: the database is not answering. Try again in a moment.\n', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(null, { status: 303, headers: { location: `/login?returnTo=${encodeURIComponent(url.pathname + url.search)}` } });
  }
  const { query, rejectedSearch } = parseListQuery(Object.fromEntries(url.searchParams));
  if (rejectedSearch) return new Response(`${rejectedSearch}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const root = await serverRoot();
  const name = query.q ? `products-${query.q.replace(/[^a-z0-9]+/g, '-').slice(0, 40)}.csv` : 'products.csv';
  return new Response(productCsvStream(root.repository.exportRows(query)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

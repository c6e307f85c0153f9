/** A plain 404 that no cache keeps: what /api/dev answers outside development. */
export const notFoundResponse = () => new Response('Not Found', { status: 404, headers: { 'cache-control': 'no-store' } });

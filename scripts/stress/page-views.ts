/**
 * What the page checkers read and write: a view of a catalog page, anonymous
 * or a signed-in editor's (each hot product's price in cents, as the HTML
 * shows it, and who served it), and a write of a hot product's next price
 * through the real data layer.
 */
import http from 'node:http';
import type { ProductRepository } from '../../lib/products/repository';
import type { WriteRecord } from './freshness-check';
import { HOT_TITLE } from './freshness-task';

// A visitor's row, or an editor's (its first cell is the row's checkbox).
const ROW = /<tr><td>(?:<input [^>]*><td>)?(\d+)<th scope=row>[^<]*<td>\$([\d,]+)\.(\d\d)/g;

export interface View {
  /** 200, or 304 for a conditional view the server said is still current (then `prices` is empty: the kept page's stand). */
  status: number;
  prices: Map<number, number>;
  /** The page's ETag ('' when it has none). */
  etag: string;
  /** x-page-cache: hit, miss, bypass, none. */
  pageCache: string;
  /** x-worker: which process answered. */
  worker: string;
}

// Readers keep their connections (each stays with the worker that accepted it); freshConnection opens one.
const keptAlive = new http.Agent({ keepAlive: true });

/** GET `url`: status, headers and body. */
function get(url: string, agent: http.Agent | false, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * One view, anonymous unless `cookie` holds an editor's session; throws
 * unless it is a 200 page listing products (or, given `ifNoneMatch`, a 304).
 * By default on a shared kept-alive connection; `agent` gives the caller its
 * own connections, and `freshConnection` opens one for this view alone.
 * `ifNoneMatch` makes it a browser revalidating the page it kept under that ETag.
 */
export async function view(url: string, options: { freshConnection?: boolean; agent?: http.Agent; ifNoneMatch?: string; cookie?: string } = {}): Promise<View> {
  const headers: Record<string, string> = {};
  if (options.ifNoneMatch) headers['if-none-match'] = options.ifNoneMatch;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await get(url, options.freshConnection ? false : (options.agent ?? keptAlive), headers);
  const header = (name: string) => String(response.headers[name] ?? '');
  if (response.status === 304 && options.ifNoneMatch) return { status: 304, prices: new Map(), etag: header('etag') || options.ifNoneMatch, pageCache: header('x-page-cache'), worker: header('x-worker') };
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  const prices = new Map<number, number>();
  for (const [, id, whole, cents] of response.body.matchAll(ROW)) prices.set(Number(id), Number(whole!.replaceAll(',', '')) * 100 + Number(cents));
  if (prices.size === 0) throw new Error(`GET ${url} showed no products`);
  return { status: response.status, prices, etag: header('etag'), pageCache: header('x-page-cache'), worker: header('x-worker') };
}

export const asPrice = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** A write and what the data layer said of its invalidation. */
export interface PriceWrite extends WriteRecord {
  invalidation: 'done' | 'pending-retry';
}

/** Writes hot product `id`'s next price (its own sequence in `next`); the write as acknowledged, on `clock`. */
export async function writeNextPrice(repository: ProductRepository, id: number, next: Map<number, number>, clock: () => number): Promise<PriceWrite> {
  const cents = next.get(id)!;
  next.set(id, cents + 1);
  const { invalidation } = await repository.update({ id, title: `${HOT_TITLE} ${id}`, price: asPrice(cents) });
  return { item: id, version: cents, ackAt: clock(), invalidation };
}

/**
 * Cache keys of the catalog, built in this one place.
 *
 * Every product entry lives in one namespace: a write replaces the namespace's
 * generation, so every list page, search and count cached before it becomes
 * unreachable at once (see lib/cache/read-through.ts).
 */
import type { ListQuery } from '@/lib/validation/list-query';

export const PRODUCTS_NAMESPACE = 'products';

export function listPageKey({ page, size, q, sort, dir }: ListQuery): string {
  // encodeURIComponent keeps a search for "a:b" from colliding with key separators.
  return `list:page=${page}:size=${size}:sort=${sort}:${dir}:q=${encodeURIComponent(q)}`;
}

export function productKey(id: number): string {
  return `product:${id}`;
}

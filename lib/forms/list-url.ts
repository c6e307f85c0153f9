import { DEFAULT_PAGE_SIZE } from '@/lib/validation/limits';
import { defaultDirection, DEFAULT_SORT, type ListQuery } from '@/lib/validation/list-query';

/**
 * The address of a list view. Defaults are left out so URLs stay short, and
 * extra parameters (edit=, delete=) open a row's inline editor or confirmation.
 */
export function listUrl(query: ListQuery, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.sort !== DEFAULT_SORT.sort) params.set('sort', query.sort);
  if (query.dir !== defaultDirection(query.sort)) params.set('dir', query.dir);
  if (query.size !== DEFAULT_PAGE_SIZE) params.set('size', String(query.size));
  if (query.page !== 1) params.set('page', String(query.page));
  for (const [name, value] of Object.entries(extra)) params.set(name, String(value));
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

/** `path` (a same-origin path with a query) with `params` set. */
export function withSearchParams(path: string, params: Record<string, string | number>): string {
  const url = new URL(path, 'http://path.invalid');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
  return `${url.pathname}${url.search}`;
}

/** `path` ready for one more parameter: "/?q=a&" or "/?". */
export function linkBase(path: string): string {
  return path.includes('?') ? `${path}&` : `${path}?`;
}

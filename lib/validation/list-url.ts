import { DEFAULT_PAGE_SIZE } from './limits';
import { defaultDirection, DEFAULT_SORT, parseListQuery, type ListQuery } from './list-query';

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

/** Parameters besides the list's own that an address may carry: they open a row's editor or a question. */
export const ROW_PARAMETERS: readonly string[] = ['edit', 'delete', 'confirm-delete', 'selected'];

/**
 * The canonical address of a list view requested as `search` (the query
 * string, with or without "?"), or null when it already is canonical, or
 * must be shown as asked (a refused search, which the page explains):
 * defaults left out, the search in lower case, the list's parameters in one
 * order, row parameters kept, anything else dropped. One page, one address:
 * "?q=&size=50&dir=desc" is "/".
 */
export function canonicalListAddress(search: string): string | null {
  const given = new URLSearchParams(search);
  const params: Record<string, string[]> = {};
  for (const name of new Set(given.keys())) params[name] = given.getAll(name);
  const { query, rejectedSearch } = parseListQuery(params);
  if (rejectedSearch) return null;
  const extra: Record<string, string> = {};
  for (const name of ROW_PARAMETERS) {
    const value = given.get(name);
    if (value !== null) extra[name] = value;
  }
  const canonical = listUrl(query, extra);
  const asked = given.toString();
  return canonical === (asked ? `/?${asked}` : '/') ? null : canonical;
}

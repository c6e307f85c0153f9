/**
 * The list page's URL parameters. These come from an address bar anyone can
 * edit: a bad page, size or sort falls back to the default instead of failing
 * the page, and a search that breaks the text rule is reported and runs no query.
 */
import { z } from 'zod';
import { searchField } from './fields';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, PAGE_SIZES } from './limits';

export const SORT_COLUMNS = ['created', 'updated', 'title', 'price'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';
export const DEFAULT_SORT: { sort: SortColumn; dir: SortDirection } = { sort: 'created', dir: 'desc' };

export interface ListQuery {
  page: number;
  size: number;
  /** A search that passed the text rule, in lower case ('' = none). */
  q: string;
  sort: SortColumn;
  dir: SortDirection;
}

export interface ParsedListQuery {
  query: ListQuery;
  /** Set when the search broke the text rule: show the message and no results. */
  rejectedSearch: { message: string } | null;
}

type Params = Record<string, string | string[] | undefined>;

const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const pageParam = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);
const sizeParam = z.coerce
  .number()
  .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
  .catch(DEFAULT_PAGE_SIZE);
const sortParam = z.enum(SORT_COLUMNS).catch(DEFAULT_SORT.sort);

/** The natural first direction of a column: newest dates first, titles and prices from the low end. */
export function defaultDirection(sort: SortColumn): SortDirection {
  return sort === 'created' || sort === 'updated' ? 'desc' : 'asc';
}

export function parseListQuery(params: Params): ParsedListQuery {
  const page = pageParam.parse(firstValue(params.page));
  const size = sizeParam.parse(firstValue(params.size));
  const sort = sortParam.parse(firstValue(params.sort));
  const rawDir = firstValue(params.dir);
  const dir: SortDirection = rawDir === 'asc' || rawDir === 'desc' ? rawDir : defaultDirection(sort);
  const search = searchField.safeParse(firstValue(params.q) ?? '');
  if (!search.success) {
    return {
      query: { page, size, q: '', sort, dir },
      rejectedSearch: { message: search.error.issues[0]?.message ?? 'That search cannot be used.' },
    };
  }
  // Search ignores case (ILIKE), so one spelling stands for all: "Smoked" and "smoked" are
  // one page, shown and cached once, instead of one cache entry per way of typing it.
  return { query: { page, size, q: search.data.toLowerCase(), sort, dir }, rejectedSearch: null };
}

/** A list query with the defaults filled in (page 1, 50 rows, no search, newest first). */
export function listQuery(overrides: Partial<ListQuery> = {}): ListQuery {
  return { page: 1, size: DEFAULT_PAGE_SIZE, q: '', ...DEFAULT_SORT, ...overrides };
}

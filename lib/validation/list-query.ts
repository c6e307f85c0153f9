/**
 * The list page's URL parameters. These come from an address bar anyone can
 * edit: a bad page or size falls back to the default instead of failing the
 * page, and a search that breaks the text rule is reported and runs no query.
 */
import { z } from 'zod';
import { searchField } from './fields';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, PAGE_SIZES } from './limits';


export interface ListQuery {
  page: number;
  size: number;
  /** A search that passed the text rule ('' = none). */
  q: string;
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

export function parseListQuery(params: Params): ParsedListQuery {
  const page = pageParam.parse(firstValue(params.page));
  const size = sizeParam.parse(firstValue(params.size));
  const search = searchField.safeParse(firstValue(params.q) ?? '');
  if (!search.success) {
    return { query: { page, size, q: '' }, rejectedSearch: { message: search.error.issues[0]?.message ?? 'That search cannot be used.' } };
  }
  return { query: { page, size, q: search.data }, rejectedSearch: null };
}

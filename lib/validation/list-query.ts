/**
 * The list page's URL parameters. These come from an address bar anyone can
 * edit, so a bad value falls back to the default instead of failing the page.
 */
import { z } from 'zod';

export const PAGE_SIZES = [10, 20, 50, 100, 200, 500, 1000] as const;
export const DEFAULT_PAGE_SIZE = 50;

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);

const listQuery = z.object({
  page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(1_000_000).catch(1)),
  size: z.preprocess(
    firstValue,
    z.coerce
      .number()
      .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
      .catch(DEFAULT_PAGE_SIZE),
  ),
  q: z.preprocess(firstValue, z.string().trim().max(200).catch('')).catch(''),
});

export type ListQuery = z.infer<typeof listQuery>;

export function parseListQuery(params: Record<string, string | string[] | undefined>): ListQuery {
  return listQuery.parse(params);
}

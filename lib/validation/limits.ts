/**
 * The size limits of every input, as plain numbers: forms import these for
 * their maxLength without pulling the validation library into the browser.
 * The schemas in fields.ts, product.ts and sign-in.ts enforce the same numbers.
 */
export const MAX_TITLE_LENGTH = 200;
export const MAX_SEARCH_LENGTH = 200;

/**
 * Text limits count characters (Unicode code points), as PostgreSQL's
 * char_length does: the title check in db/schema.ts is `char_length(...)
 * between 1 and 200`. JavaScript's `length` and the browser's `maxlength`
 * count UTF-16 units instead, in which one emoji is two: 150 emoji are 300.
 */
export const characterCount = (text: string): number => Array.from(text).length;

/**
 * The `maxlength` for an input of `characters` characters: a character takes
 * at most two UTF-16 units, so the browser never stops a valid entry; the
 * input's own check (components/forms/Field.tsx) and the server count characters.
 */
export const inputMaxLength = (characters: number): number => characters * 2;
/** "$99,999,999.99" is 14 characters; room for spaces around it. */
export const MAX_PRICE_INPUT_LENGTH = 20;
/** "-12.25" or "1000": a few characters. */
export const MAX_PERCENT_INPUT_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1000;
/** An editor's name: letters, digits and . _ - (lib/validation/sign-in.ts). */
export const MAX_EDITOR_NAME_LENGTH = 40;
/** PostgreSQL integer ids. */
export const MAX_ID = 2_147_483_647;
/** The most rows one bulk action may name: one full page of the largest size. */
export const MAX_BULK_IDS = 1000;
/** The page sizes the list offers, and its default. */
export const PAGE_SIZES = [10, 20, 50, 100, 200, 500, 1000] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE = 1_000_000;

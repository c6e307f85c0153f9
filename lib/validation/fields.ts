/**
 * Field schemas shared by every product form and action.
 * Messages are written for the person at the keyboard, not for developers.
 * The size limits live in limits.ts, which forms import for their maxLength.
 */
import { z } from 'zod';
import { characterCount, MAX_SEARCH_LENGTH, MAX_TITLE_LENGTH } from './limits';
import { positiveIdField } from './product-id';
import { textProblem, textProblemMessage } from './text';

/** numeric(10,2): eight digits before the point, two after. */
export const MAX_PRICE = '99999999.99';
export const MIN_PERCENT = -99;
export const MAX_PERCENT = 1000;

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

const requiredText = (label: string) =>
  z.string({ error: (issue) => (issue.input == null ? `${label} is required.` : `${label} must be text.`) });

/**
 * A product title: trimmed and NFC-normalized, 1-200 characters (code points,
 * as the database counts them; see characterCount), at least one
 * of them visible, no control or text-direction characters.
 */
export const titleField = requiredText('Title')
  .transform((title) => title.normalize('NFC').trim())
  .superRefine((title, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (title === '') return fail('Title is required.');
    if (characterCount(title) > MAX_TITLE_LENGTH) return fail(`Title must be at most ${MAX_TITLE_LENGTH} characters.`);
    const problem = textProblem(title, { requireVisible: true });
    if (problem) return fail(textProblemMessage('Title', problem));
  });

/** Turns "$1,234.5" into "1234.5", leaving anything else for the checks below to judge. */
function normalizeMoneyInput(raw: string): string {
  return raw.trim().replace(/^\$/, '').replace(/,(?=\d{3}(\D|$))/g, '');
}

/**
 * A price as an exact decimal string ("9.03"), never a float: what the user typed
 * is checked as text and handed to PostgreSQL's numeric unchanged.
 */
export const priceField = requiredText('Price')
  .transform(normalizeMoneyInput)
  .superRefine((price, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (price === '') return fail('Price is required.');
    if (price.startsWith('-') && PLAIN_DECIMAL.test(price.slice(1))) return fail('Price cannot be negative.');
    if (!PLAIN_DECIMAL.test(price)) return fail('Price must be a number such as 9.99.');
    const [whole = '', fraction = ''] = price.split('.');
    if (fraction.length > 2) return fail('Price can have at most 2 decimal places.');
    if (whole.replace(/^0+(?=\d)/, '').length > 8) return fail(`Price must be at most ${MAX_PRICE}.`);
  });

/** A positive database id sent by a form (hidden field, checkbox value). */
export const idField = positiveIdField('That product no longer exists.');

/** The row version a form was rendered from (optimistic concurrency). */
export const versionField = positiveIdField('This form is out of date. Reload the page and try again.');

/** The one-time token rendered into a create or bulk form (see idempotency keys in db/schema.ts). */
export const idempotencyKeyField = z.uuid({ error: 'This form is out of date. Reload the page and try again.' });

/** A percentage change such as "10" or "-12.5", kept as exact decimal text. */
export const percentField = requiredText('Percentage')
  .trim()
  .superRefine((percent, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (percent === '') return fail('Percentage is required.');
    if (!/^-?\d{1,4}(\.\d{1,2})?$/.test(percent)) return fail('Percentage must be a number such as 10 or -12.5.');
    const value = Number(percent);
    if (value === 0) return fail('A change of 0% would change nothing.');
    if (value < MIN_PERCENT || value > MAX_PERCENT) {
      return fail(`Percentage must be between ${MIN_PERCENT}% and ${MAX_PERCENT}%.`);
    }
  });

/** A title search: what the search box sends, checked by the same text rule. */
export const searchField = z
  .string({ error: 'Search must be text.' })
  .transform((search) => search.normalize('NFC').trim())
  .superRefine((search, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (characterCount(search) > MAX_SEARCH_LENGTH) return fail(`Search is limited to ${MAX_SEARCH_LENGTH} characters.`);
    const problem = textProblem(search);
    if (problem) return fail(textProblemMessage('Search', problem));
  });

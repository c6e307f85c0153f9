/**
 * Field schemas shared by every product form and action.
 * Messages are written for the person at the keyboard, not for developers.
 */
import { z } from 'zod';

export const MAX_TITLE_LENGTH = 200;
/** numeric(10,2): eight digits before the point, two after. */
export const MAX_PRICE = '99999999.99';
export const MAX_ID = 2_147_483_647;
export const MIN_PERCENT = -99;
export const MAX_PERCENT = 1000;

// C0 and C1 control characters (tabs, newlines, NUL, escape sequences) have no place in a title.
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/;
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

const requiredText = (label: string) =>
  z.string({ error: (issue) => (issue.input == null ? `${label} is required.` : `${label} must be text.`) });

export const titleField = requiredText('Title')
  .trim()
  .min(1, 'Title is required.')
  .max(MAX_TITLE_LENGTH, `Title must be at most ${MAX_TITLE_LENGTH} characters.`)
  .refine((title) => !CONTROL_CHARACTERS.test(title), 'Title cannot contain control characters such as tabs or line breaks.');

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

export const idField = requiredText('Product id')
  .trim()
  .regex(/^\d+$/, 'Product id must be a whole number.')
  .transform(Number)
  .refine((id) => id >= 1 && id <= MAX_ID, 'Product id is out of range.');

/** A percentage change such as "10" or "-12.5", kept as exact decimal text. */
export const percentField = requiredText('Percentage')
  .trim()
  .superRefine((percent, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (percent === '') return fail('Percentage is required.');
    if (!/^-?\d+(\.\d{1,2})?$/.test(percent)) return fail('Percentage must be a number such as 10 or -12.5.');
    const value = Number(percent);
    if (value === 0) return fail('A change of 0% would change nothing.');
    if (value < MIN_PERCENT || value > MAX_PERCENT) {
      return fail(`Percentage must be between ${MIN_PERCENT}% and ${MAX_PERCENT}%.`);
    }
  });

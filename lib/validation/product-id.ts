/**
 * The one rule for a product id (or a row version) arriving as text, from a
 * form field, a checkbox or an address: 1 to 2,147,483,647 (PostgreSQL's
 * integer), in plain digits. Everything that reads an id uses it.
 */
import { z } from 'zod';
import { MAX_ID } from './limits';

const DIGITS = /^\d{1,10}$/;

/** The id `text` names, or null when it is not one (not text, not digits, 0, past MAX_ID). */
export function parseProductId(text: unknown): number | null {
  if (typeof text !== 'string' || !DIGITS.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id <= MAX_ID ? id : null;
}

/** A zod field for such a number, every failure answered with `message` (the person's words, never zod's). */
export function positiveIdField(message: string) {
  return z
    .string({ error: message })
    .trim()
    .transform((text, ctx) => {
      const id = parseProductId(text);
      if (id === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return id;
    });
}

/**
 * The database's copy of the title rule in lib/validation/text.ts, as
 * PostgreSQL regular-expression classes (ARE escapes \uXXXX and \UXXXXXXXX).
 * PostgreSQL has no Unicode property classes, so the classes are spelled out;
 * lib/validation/text.test.ts recomputes them from the JavaScript rule and
 * fails when the two disagree. NUL cannot be stored in text at all.
 */

/** C0 and C1 controls, line and paragraph separators. */
export const CONTROL_CLASS_SQL = '[\\u0001-\\u001f\\u007f-\\u009f\\u2028-\\u2029]';

/** Unicode's Bidi_Control property. */
export const BIDI_CONTROL_CLASS_SQL = '[\\u061c\\u200e-\\u200f\\u202a-\\u202e\\u2066-\\u2069]';

/** Anything but white space, format characters and default ignorables: one of these makes a title visible. */
export const VISIBLE_CLASS_SQL =
  '[^\\u0001-\\u0020\\u007f-\\u00a0\\u00ad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890-\\u0891\\u08e2\\u115f-\\u1160\\u1680\\u17b4-\\u17b5\\u180b-\\u180f\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb\\U000110bd\\U000110cd\\U00013430-\\U0001343f\\U0001bca0-\\U0001bca3\\U0001d173-\\U0001d17a\\U000e0000-\\U000e0fff]';

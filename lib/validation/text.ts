/**
 * The one rule for text that enters the app: titles, searches, every query
 * parameter and hidden field. Written with Unicode property classes so a whole
 * class is covered, not a hand-picked list (UTS #18; ECMAScript `\p{…}`).
 *
 * - Control characters: C0 and C1 (`\p{Cc}`, NUL included), line and paragraph
 *   separators (`\p{Zl}`, `\p{Zp}`) and lone surrogates (`\p{Cs}`). None of
 *   them belongs in a single-line field, and NUL is refused by PostgreSQL.
 * - Bidirectional controls (`\p{Bidi_Control}`: embeddings, overrides,
 *   isolates and marks) can make a row and every message quoting it read
 *   backwards (the "Trojan Source" class of problem, CVE-2021-42574).
 * - Invisible characters: white space, format characters and default
 *   ignorables. A title made only of these shows as an empty cell.
 *
 * The database enforces the same rule (migration 0001, checked against this
 * file by lib/validation/text.test.ts).
 */

const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}]/u;
const BIDI_CONTROL = /\p{Bidi_Control}/u;
/** One character that shows nothing by itself. */
export const INVISIBLE_CHARACTER = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Z}]/u;
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Z}]/u;

export type TextProblem = 'control' | 'bidi' | 'invisible';

/** The first problem of `text` under the rule, or null; `requireVisible` is for names such as titles. */
export function textProblem(text: string, { requireVisible = false } = {}): TextProblem | null {
  if (CONTROL.test(text)) return 'control';
  if (BIDI_CONTROL.test(text)) return 'bidi';
  if (requireVisible && !VISIBLE.test(text)) return 'invisible';
  return null;
}

/** The messages a person sees, naming the field. */
export function textProblemMessage(label: string, problem: TextProblem): string {
  switch (problem) {
    case 'control':
      return `${label} cannot contain control characters such as tabs, line breaks or NUL.`;
    case 'bidi':
      return `${label} cannot contain text-direction controls (they make text read backwards).`;
    case 'invisible':
      return `${label} must contain at least one visible character.`;
  }
}

/** Code points of a single-code-point class, as inclusive [first, last] ranges, for the SQL twin of a rule. */
export function codePointRanges(matches: (character: string) => boolean): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = -1;
  for (let codePoint = 0; codePoint <= 0x110000; codePoint += 1) {
    const surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
    const inClass = codePoint <= 0x10ffff && !surrogate && matches(String.fromCodePoint(codePoint));
    if (inClass && start < 0) start = codePoint;
    if (!inClass && start >= 0) {
      ranges.push([start, codePoint - 1]);
      start = -1;
    }
  }
  return ranges;
}

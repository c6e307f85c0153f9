import { formatCount } from '@/lib/forms/plural';

/** Lines listed by number before "…and N more". */
const LISTED = 200;

/** File lines as "2, 5, 9", the first 200 only, then "…and N more". */
export const lineList = (lines: readonly number[]) => `${lines.slice(0, LISTED).join(', ')}${lines.length > LISTED ? `, …and ${formatCount(lines.length - LISTED)} more` : ''}`;

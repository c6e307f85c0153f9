/**
 * The Recent changes page's address (/changes?editor=&kind=&from=&to=&page=),
 * read strictly: a filter that is not a valid editor name, kind or UTC day is
 * dropped and named in `rejected`, so the page says so instead of guessing.
 */
import { editorName } from './sign-in';

/** What a recorded change was (db/schema.ts change_actions.kind). */
export type ActionKind = 'create' | 'edit' | 'bulk-price' | 'delete' | 'restore' | 'purge' | 'undo' | 'import';

/** Recent changes' filters; each absent one matches everything. `from`/`to`: UTC days, `to` inclusive. */
export interface ActionFilter {
  editor?: string;
  kind?: ActionKind;
  from?: string;
  to?: string;
}

/** The kinds in the order the filter lists them, with the words the pages use. */
export const ACTION_KINDS: ReadonlyArray<{ kind: ActionKind; label: string }> = [
  { kind: 'create', label: 'Created' },
  { kind: 'edit', label: 'Edited' },
  { kind: 'bulk-price', label: 'Bulk price change' },
  { kind: 'delete', label: 'Moved to the trash' },
  { kind: 'restore', label: 'Restored' },
  { kind: 'purge', label: 'Deleted for good' },
  { kind: 'undo', label: 'Undo' },
  { kind: 'import', label: 'Import' },
];

export const kindLabel = (kind: ActionKind): string => ACTION_KINDS.find((entry) => entry.kind === kind)?.label ?? kind;

export interface ChangesQuery {
  filter: ActionFilter;
  page: number;
  /** What was dropped, in words ("from: not a date"). */
  rejected: string[];
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

/** A YYYY-MM-DD that is a real calendar day (2026-02-30 is not). */
function utcDay(text: string): string | null {
  if (!/^\d{4}-\d\d-\d\d$/.test(text)) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : null;
}

/** A 1-based page number from an address: 1 for anything that is not a whole number from 1 to 100,000. */
export function pageNumber(value: string | string[] | undefined): number {
  const text = first(value);
  return /^\d{1,6}$/.test(text) && Number(text) >= 1 && Number(text) <= 100_000 ? Number(text) : 1;
}

export function parseChangesQuery(params: Record<string, string | string[] | undefined>): ChangesQuery {
  const filter: ActionFilter = {};
  const rejected: string[] = [];
  const editor = first(params.editor);
  if (editor) {
    if (editorName.safeParse(editor).success) filter.editor = editor;
    else rejected.push('editor: not an editor’s name');
  }
  const kind = first(params.kind);
  if (kind) {
    const known = ACTION_KINDS.find((entry) => entry.kind === kind);
    if (known) filter.kind = known.kind;
    else rejected.push('kind: not a kind of change');
  }
  for (const bound of ['from', 'to'] as const) {
    const text = first(params[bound]);
    if (!text) continue;
    const day = utcDay(text);
    if (day) filter[bound] = day;
    else rejected.push(`${bound}: not a date (YYYY-MM-DD)`);
  }
  return { filter, page: pageNumber(params.page), rejected };
}

/** The address of `query` with `page` (filters kept, empty ones left out). */
export function changesUrl(filter: ActionFilter, page = 1): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) if (value) params.set(name, String(value));
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/changes?${text}` : '/changes';
}

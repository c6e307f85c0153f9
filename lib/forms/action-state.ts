/**
 * What a form's server action answers, shared by actions and components.
 * (A 'use server' file may export only async functions, so the types live here.)
 */

export type FieldErrors = Record<string, string[] | undefined>;

export type ActionState =
  | { status: 'idle' }
  /** Bad input: nothing was written; `values` re-fills the form with what was typed. */
  | { status: 'invalid'; message: string; fieldErrors: FieldErrors; values: Record<string, string> }
  /** The input was fine but the write failed (not found, database down): nothing was written. */
  | { status: 'failed'; message: string; values: Record<string, string> }
  /** Committed. `at` makes every success distinct, so forms can reset after each one. */
  | { status: 'saved'; message: string; at: number; warning?: string }
  /** A destructive bulk action waits for an explicit second click. */
  | { status: 'confirm'; message: string; values: Record<string, string> };

export const idleState: ActionState = { status: 'idle' };

/** The text fields of a submitted form, by name; files and missing fields are left out. */
export function textFields(formData: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = formData.get(name);
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

export function fieldError(state: ActionState, field: string): string | undefined {
  return state.status === 'invalid' ? state.fieldErrors[field]?.[0] : undefined;
}

/** What a field should show: what the user typed if the last submit failed, else the fallback. */
export function submittedValue(state: ActionState, field: string, fallback = ''): string {
  return state.status === 'invalid' || state.status === 'failed' || state.status === 'confirm'
    ? (state.values[field] ?? fallback)
    : fallback;
}

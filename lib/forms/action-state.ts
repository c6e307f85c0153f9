/**
 * What a form's server action answers, shared by actions and components.
 * (A 'use server' file may export only async functions, so the types live here.)
 * Every variant is plain JSON: it also travels as a one-time flash cookie
 * when the form was posted without JavaScript (see lib/forms/flash.ts).
 */

export type FieldErrors = Record<string, string[] | undefined>;

/** A product as it is stored now, formatted for a conflict panel. */
export interface StoredProductView {
  id: number;
  title: string;
  price: string;
  priceLabel: string;
  version: number;
  updatedLabel: string;
}

/** The rows a bulk action is about to change or remove, echoed back by the server. */
export interface BulkSelection {
  /** The ticked rows; empty when the action is on every product matching a search. */
  ids: number[];
  /** How many rows it touches. */
  count?: number;
  /** The first few of them, for the question "Delete these?", with their price before and after for a price change. */
  preview: Array<{ id: number; title: string; priceBefore?: string; priceAfter?: string }>;
}

/** The offer, beside a success, to undo what just happened (lib/actions/history.ts). */
export interface UndoOffer {
  actionId: number;
  /** "Undo", or "Undo this undo" after an undo. */
  label: string;
}

/** A row an undo would not touch, as its panel shows it. */
export interface UndoConflictView {
  productId: number;
  /** What the change left the row as ("Leek · $2.00"). */
  leftAs: string;
  /** What it holds now; null when it was deleted for good. */
  now: string | null;
}

export type ActionState =
  | { status: 'idle' }
  /** Bad input: nothing was written; `values` re-fills the form with what was typed. */
  | { status: 'invalid'; message: string; fieldErrors: FieldErrors; values: Record<string, string> }
  /**
   * The input was fine but the write failed (not found, database down): nothing was written.
   * `gone`: the row was deleted by someone else (an editor then offers to create it again).
   */
  | { status: 'failed'; message: string; values: Record<string, string>; gone?: true }
  /**
   * Committed. `at` makes every success distinct, so forms can reset after each one.
   * `replayed`: this form had already been submitted, so nothing was written again.
   */
  | { status: 'saved'; message: string; at: number; warning?: string; replayed?: boolean; undo?: UndoOffer }
  /**
   * An undo found rows changed since the change it would revert: nothing was
   * written. `conflicts` lists the first of `conflictCount`; `undoableCount`
   * rows could be undone while leaving those as they are.
   */
  | { status: 'undo-conflict'; message: string; actionId: number; conflicts: UndoConflictView[]; conflictCount: number; undoableCount: number }
  /** Someone else saved the row first: nothing was written; `values` is what was typed. */
  | { status: 'conflict'; message: string; values: Record<string, string>; current: StoredProductView }
  /** A destructive bulk action waits for an explicit second click. */
  | { status: 'confirm'; message: string; values: Record<string, string>; selection: BulkSelection };

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

/** What a field should show: what the user typed if the last submit did not save, else the fallback. */
export function submittedValue(state: ActionState, field: string, fallback = ''): string {
  return 'values' in state ? (state.values[field] ?? fallback) : fallback;
}

/**
 * What the page's status region says about a success whose own form is gone
 * (a closed editor, a deleted row): the message, and its warning when there
 * is one (a save whose cache refresh must wait), in the warning's tone.
 */
export function savedAnnouncement(state: Extract<ActionState, { status: 'saved' }>): { message: string; tone: 'success' | 'warning'; undo?: UndoOffer & { about: string } } {
  const undo = state.undo ? { undo: { ...state.undo, about: state.message } } : {};
  return state.warning ? { message: `${state.message} ${state.warning}`, tone: 'warning', ...undo } : { message: state.message, tone: 'success', ...undo };
}

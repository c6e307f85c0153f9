'use client';
import type { MouseEvent } from 'react';
import type { ActionState } from '@/lib/forms/action-state';
import { plural } from '@/lib/forms/plural';
import { SubmitButton } from '@/components/forms/SubmitButton';

type UndoConflict = Extract<ActionState, { status: 'undo-conflict' }>;

interface UndoConflictPanelProps {
  state: UndoConflict;
  /** The form that posts "undo the rest" (mode=rest) for the same change. */
  undoRest: (data: FormData) => void;
  returnTo: string;
  /** "Keep everything as it is": closes the panel (without JavaScript, a link back). */
  onKeep(event: MouseEvent): void;
}

/**
 * An undo refused because rows changed since (lib/products/undo.ts): which
 * ones, what the change left them as and what they hold now, as the editing
 * conflict panel shows one row; then undo the rest, or nothing.
 */
export function UndoConflictPanel({ state, undoRest, returnTo, onKeep }: UndoConflictPanelProps) {
  const headingId = `undo-conflict-${state.actionId}`;
  const unlisted = state.conflictCount - state.conflicts.length;
  return (
    <section className="conflict-panel undo-conflict" role="alert" aria-labelledby={headingId}>
      <h3 id={headingId}>Some products changed since, so nothing was undone</h3>
      <p>{state.message}</p>
      <table className="undo-conflict__rows">
        <caption className="visually-hidden">Products that differ from what the change left</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">The change left it as</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {state.conflicts.map((conflict) => (
            <tr key={conflict.productId}>
              <th scope="row">
                <a href={`/products/${conflict.productId}/history`}>#{conflict.productId}</a>
              </th>
              <td>{conflict.leftAs}</td>
              <td>{conflict.now ?? 'deleted for good'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unlisted > 0 && <p className="muted">… and {plural(unlisted, 'more product')} that changed since.</p>}
      <div className="conflict-panel__actions">
        {state.undoableCount > 0 && (
          <form action={undoRest}>
            <input type="hidden" name="actionId" value={state.actionId} />
            <input type="hidden" name="mode" value="rest" />
            <input type="hidden" name="returnTo" value={returnTo} />
            <SubmitButton pendingLabel="Undoing…">Undo the other {plural(state.undoableCount, 'product')}</SubmitButton>
          </form>
        )}
        <a href={returnTo} className="button secondary" onClick={onKeep}>
          Keep everything as it is
        </a>
      </div>
    </section>
  );
}

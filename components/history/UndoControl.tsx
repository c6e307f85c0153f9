'use client';
import { useActionState, useState, type ReactNode } from 'react';
import { undoChange } from '@/lib/actions/history';
import { idleState, type ActionState, type UndoOffer } from '@/lib/forms/action-state';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { UndoConflictPanel } from './UndoConflictPanel';

interface UndoControlProps {
  /** The change to offer undoing; absent when only showing an outcome (a flash after a plain POST). */
  offer?: UndoOffer;
  /** What the change was, for the button's accessible name ("Undo: Saved “Leek”."). */
  about?: string;
  /** Where a plain POST comes back to (a same-origin path). */
  returnTo: string;
  /** The outcome of an undo posted without JavaScript (flash), else idle. */
  initialState?: ActionState;
  /** Shown instead of the button when there is nothing to offer (already undone): the same element stays mounted, so an outcome stays in view when the page refreshes. */
  settled?: ReactNode;
}

/**
 * "Undo" for one change, and what came of it: a success (itself offering
 * "Undo this undo"), a refusal, or the panel of rows that changed since.
 * Works as a plain form before JavaScript loads.
 */
export function UndoControl({ offer, about, returnTo, initialState = idleState, settled = null }: UndoControlProps) {
  const [state, formAction] = useActionState(undoChange, initialState);
  const [dismissed, setDismissed] = useState<ActionState | null>(null);
  if (state.status === 'undo-conflict' && dismissed !== state) {
    return <UndoConflictPanel state={state} undoRest={formAction} returnTo={returnTo} onKeep={(event) => (event.preventDefault(), setDismissed(state))} />;
  }
  if (state.status === 'saved') {
    return (
      <span className="undo-control undo-control--done" role="status">
        {state.message}{' '}
        {state.undo && <UndoControl key={state.undo.actionId} offer={state.undo} about={state.message} returnTo={returnTo} />}
      </span>
    );
  }
  const refusal = state.status === 'failed' ? state.message : null;
  if (!offer) return refusal ? <span className="undo-control form-message--error" role="alert">{refusal}</span> : settled;
  return (
    <form action={formAction} className="undo-control">
      <input type="hidden" name="actionId" value={offer.actionId} />
      <input type="hidden" name="mode" value="all" />
      <input type="hidden" name="returnTo" value={returnTo} />
      <SubmitButton className="secondary" pendingLabel="Undoing…" aria-label={about ? `${offer.label}: ${about}` : undefined}>
        {offer.label}
      </SubmitButton>
      {refusal && (
        <span className="form-message--error" role="alert">
          {' '}
          {refusal}
        </span>
      )}
    </form>
  );
}

'use client';
import { useActionState, useEffect, useState } from 'react';
import { bulkUpdate } from '@/app/actions';
import { fieldError, idleState, submittedValue } from '@/lib/forms/action-state';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { useHydrated } from '@/components/forms/useHydrated';

interface BulkBarProps {
  selectedCount: number;
  search: string;
  matchingCount: number;
  onDone(): void;
}

/**
 * Django-admin-style actions on many rows. The row checkboxes belong to this
 * form through their form="bulk-form" attribute, so it works without JavaScript.
 */
export function BulkBar({ selectedCount, search, matchingCount, onDone }: BulkBarProps) {
  const [state, formAction] = useActionState(bulkUpdate, idleState);
  const [operation, setOperation] = useState(submittedValue(state, 'operation', 'set-price'));
  // Before JavaScript runs the select cannot swap inputs, so both are shown.
  const hydrated = useHydrated();

  useEffect(() => {
    if (state.status === 'saved') onDone();
  }, [state, onDone]);

  const awaitingConfirmation = state.status === 'confirm';
  const idsError = fieldError(state, 'ids');
  return (
    <form id="bulk-form" action={formAction} className="bulk-bar" aria-label="Bulk actions" noValidate>
      <fieldset>
        <legend>Apply to</legend>
        <label>
          <input type="radio" name="scope" value="selected" defaultChecked /> {selectedCount} selected row{selectedCount === 1 ? '' : 's'}
        </label>
        <label>
          <input type="radio" name="scope" value="matching" /> all {matchingCount} product{matchingCount === 1 ? '' : 's'}
          {search ? ` matching “${search}”` : ''}
        </label>
        <input type="hidden" name="search" value={search} />
      </fieldset>
      <label className="field">
        <span className="field__label">Action</span>
        <select name="operation" value={operation} onChange={(event) => setOperation(event.target.value)}>
          <option value="set-price">Set price to…</option>
          <option value="adjust-percent">Adjust prices by %…</option>
          <option value="delete">Delete selected</option>
        </select>
      </label>
      {(!hydrated || operation === 'set-price') && (
        <Field idPrefix="bulk" label="New price" name="price" inputMode="decimal" defaultValue={submittedValue(state, 'price')} error={fieldError(state, 'price')} />
      )}
      {(!hydrated || operation === 'adjust-percent') && (
        <Field idPrefix="bulk" label="Change (%)" name="percent" inputMode="decimal" placeholder="10 or -5" defaultValue={submittedValue(state, 'percent')} error={fieldError(state, 'percent')} />
      )}
      {awaitingConfirmation ? (
        <SubmitButton name="confirmed" value="yes" pendingLabel="Deleting…" className="danger">
          Confirm delete
        </SubmitButton>
      ) : (
        <SubmitButton pendingLabel="Applying…">Apply</SubmitButton>
      )}
      {idsError && <span className="field__error">{idsError}</span>}
      <FormMessage state={state} />
    </form>
  );
}

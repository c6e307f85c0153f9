'use client';
import { useActionState, useEffect, useState } from 'react';
import { applyBulkAction } from '@/lib/actions/products';
import { fieldError, idleState, submittedValue, type ActionState } from '@/lib/forms/action-state';
import { plural } from '@/lib/forms/plural';
import { MAX_PERCENT_INPUT_LENGTH, MAX_PRICE_INPUT_LENGTH } from '@/lib/validation/limits';
import { ActionForm } from '@/components/forms/ActionForm';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { useUndoOffer } from '@/components/history/use-undo-offer';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { BulkConfirmation } from './BulkConfirmation';
import { useSelection } from './TableController';

interface BulkBarProps {
  search: string;
  matchingCount: number;
  /** A one-time token from this render: posting the same bulk form twice applies it once. */
  idempotencyKey: string;
  listHref: string;
  /** The outcome of a submit made without JavaScript, or a confirmation opened by URL. */
  initialState?: ActionState;
}

/**
 * Django-admin-style actions on many rows. Before JavaScript runs, the row
 * checkboxes belong to this form (form="bulk-form"); once it runs, the ticked
 * ids are posted as hidden fields from the table's state, so the browser's
 * reset of the form after each submit cannot drop the selection.
 */
export function BulkBar({ search, matchingCount, idempotencyKey, listHref, initialState = idleState }: BulkBarProps) {
  const [state, formAction] = useActionState(applyBulkAction, initialState);
  useUndoOffer(state);
  const [confirmDismissed, setConfirmDismissed] = useState<ActionState | null>(null);
  const selection = useSelection();
  const { clear } = selection;

  useEffect(() => {
    if (state.status === 'saved') clear();
  }, [state, clear]);

  // Remounting after every outcome gives the inputs the state's values as their defaults.
  const [formKey, setFormKey] = useState(0);
  const [keyedState, setKeyedState] = useState(state);
  if (state !== keyedState) {
    setKeyedState(state);
    setFormKey((key) => key + 1);
  }
  const confirming = state.status === 'confirm' && confirmDismissed !== state;
  return (
    <>
      <ActionForm key={formKey} id="bulk-form" action={formAction} className="bulk-bar" aria-label="Bulk actions" noValidate>
        <BulkFields
          state={state}
          selectedIds={selection.ids}
          search={search}
          matchingCount={matchingCount}
          hydrated={selection.hydrated}
          idempotencyKey={idempotencyKey}
          listHref={listHref}
        />
        <FormMessage state={confirming ? idleState : state} />
      </ActionForm>
      {confirming && state.status === 'confirm' && (
        <BulkConfirmation
          message={state.message}
          selection={state.selection}
          values={state.values}
          idempotencyKey={idempotencyKey}
          listHref={listHref}
          formAction={formAction}
          onCancel={(ids) => {
            setConfirmDismissed(state);
            selection.restore(ids);
          }}
        />
      )}
    </>
  );
}

interface BulkFieldsProps {
  state: ActionState;
  selectedIds: readonly number[];
  search: string;
  matchingCount: number;
  hydrated: boolean;
  idempotencyKey: string;
  listHref: string;
}

/**
 * The bar's inputs. With nothing to act on (no products, or none ticked for
 * "selected rows") it is disabled; before JavaScript runs that cannot be
 * known, and the server answers "Select at least one product" instead.
 */
function BulkFields({ state, selectedIds, search, matchingCount, hydrated, idempotencyKey, listHref }: BulkFieldsProps) {
  const [operation, setOperation] = useState(state.status === 'saved' ? 'set-price' : submittedValue(state, 'operation', 'set-price'));
  const [scope, setScope] = useState(submittedValue(state, 'scope', 'selected'));
  const count = selectedIds.length;
  const nothing = matchingCount === 0;
  const nothingTicked = hydrated && scope !== 'matching' && count === 0;
  // The server refuses a delete of "all matching" (too easy to mistake); say so before the click.
  const deleteNeedsTicks = hydrated && scope === 'matching' && operation === 'delete';
  const blockedBy = nothingTicked ? 'bulk-nothing-ticked' : deleteNeedsTicks ? 'bulk-delete-needs-ticks' : undefined;
  return (
    <fieldset className="bulk-bar__fields" disabled={nothing}>
      <fieldset onChange={(event) => setScope((event.target as unknown as HTMLInputElement).value)}>
        <legend>Apply to</legend>
        <label>
          <input type="radio" name="scope" value="selected" defaultChecked={scope !== 'matching'} />{' '}
          {/* Before JavaScript runs nothing counts the ticks: a number would be wrong. */}
          {hydrated ? plural(count, 'selected row') : 'the ticked rows'}
        </label>
        <label>
          <input type="radio" name="scope" value="matching" defaultChecked={scope === 'matching'} /> all {plural(matchingCount, 'product')}
          {search ? ` matching “${search}”` : ''}
        </label>
        <input type="hidden" name="search" value={search} />
        {hydrated && selectedIds.map((id) => <input key={id} type="hidden" name="ids" value={id} />)}
      </fieldset>
      <label className="field">
        <span className="field__label">Action</span>
        <select name="operation" value={operation} onChange={(event) => setOperation(event.target.value)}>
          <option value="set-price">Set price to…</option>
          <option value="adjust-percent">Adjust prices by %…</option>
          <option value="delete">Delete selected</option>
        </select>
      </label>
      {/* Before JavaScript runs the select cannot swap inputs, so both are shown. */}
      {(!hydrated || operation === 'set-price') && (
        <Field
          idPrefix="bulk"
          label="New price"
          name="price"
          inputMode="decimal"
          maxLength={MAX_PRICE_INPUT_LENGTH}
          defaultValue={submittedValue(state, 'price')}
          error={fieldError(state, 'price')}
        />
      )}
      {(!hydrated || operation === 'adjust-percent') && (
        <Field
          idPrefix="bulk"
          label="Change (%)"
          name="percent"
          inputMode="decimal"
          placeholder="10 or -5"
          maxLength={MAX_PERCENT_INPUT_LENGTH}
          defaultValue={submittedValue(state, 'percent')}
          error={fieldError(state, 'percent')}
        />
      )}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="returnTo" value={listHref} />
      <SubmitButton pendingLabel="Applying…" disabled={blockedBy !== undefined} aria-describedby={blockedBy}>
        Apply
      </SubmitButton>
      {nothingTicked && (
        <span id="bulk-nothing-ticked" className="muted">
          Tick rows to act on, or choose all products.
        </span>
      )}
      {deleteNeedsTicks && (
        <span id="bulk-delete-needs-ticks" className="muted">
          Delete works on ticked rows only: tick the products to delete.
        </span>
      )}
      {nothing && <span className="muted">No products to act on.</span>}
    </fieldset>
  );
}

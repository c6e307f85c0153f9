'use client';
import { useActionState } from 'react';
import { restoreFromTrash } from '@/lib/actions/history';
import { idleState, type ActionState } from '@/lib/forms/action-state';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { UndoControl } from './UndoControl';

export interface TrashRow {
  id: number;
  title: string;
  priceLabel: string;
  deletedLabel: string;
}

/**
 * The trash's products with their Restore buttons, one per row and one for
 * the ticked rows (checkboxes tied to that form by its id, since forms
 * cannot nest), and the outcome with its Undo. Plain forms before JavaScript.
 * It stays mounted when the last row leaves, so the outcome stays in view.
 */
export function TrashTable({ rows, returnTo, initialState = idleState }: { rows: readonly TrashRow[]; returnTo: string; initialState?: ActionState }) {
  const [state, formAction] = useActionState(restoreFromTrash, initialState);
  return (
    <>
      <div className="trash-outcome">
        <FormMessage state={state} />
        {state.status === 'saved' && state.undo && <UndoControl key={state.undo.actionId} offer={state.undo} about={state.message} returnTo={returnTo} />}
      </div>
      {rows.length === 0 && <p>The trash is empty.</p>}
      <form id="restore-form" action={formAction} className="trash-bulk" hidden={rows.length === 0}>
        <input type="hidden" name="returnTo" value={returnTo} />
        <SubmitButton pendingLabel="Restoring…">Restore ticked</SubmitButton>
      </form>
      <table className="history-table" hidden={rows.length === 0}>
        <caption className="visually-hidden">Products in the trash, most recently deleted first</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
            <th scope="col">ID</th>
            <th scope="col">Title</th>
            <th scope="col">Price</th>
            <th scope="col">Deleted (UTC)</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <input type="checkbox" name="ids" value={row.id} form="restore-form" aria-label={`Select ${row.title}`} />
              </td>
              <td data-label="ID">{row.id}</td>
              <th scope="row">{row.title}</th>
              <td data-label="Price">{row.priceLabel}</td>
              <td data-label="Deleted (UTC)">{row.deletedLabel}</td>
              <td className="trash-row-actions">
                <form action={formAction}>
                  <input type="hidden" name="ids" value={row.id} />
                  <input type="hidden" name="returnTo" value={returnTo} />
                  <SubmitButton className="secondary" pendingLabel="Restoring…" aria-label={`Restore ${row.title}`}>
                    Restore
                  </SubmitButton>
                </form>{' '}
                <a href={`/products/${row.id}/history`} aria-label={`History of ${row.title}`}>
                  History
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

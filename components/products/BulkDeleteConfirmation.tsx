'use client';
import { useEffect, useRef, type MouseEvent } from 'react';
import type { BulkSelection } from '@/lib/forms/action-state';
import { withSearchParams } from '@/lib/forms/list-url';
import { encodeIdList } from '@/lib/validation/id-list';
import { ActionForm } from '@/components/forms/ActionForm';
import { SubmitButton } from '@/components/forms/SubmitButton';

interface BulkDeleteConfirmationProps {
  message: string;
  selection: BulkSelection;
  idempotencyKey: string;
  listHref: string;
  formAction(formData: FormData): void;
  /** With JavaScript: close the question and give the ticks back. */
  onCancel(ids: number[]): void;
}

/**
 * "Delete these N products?" The ids come back from the server and are posted
 * again by this form of its own, so nothing depends on the bulk bar's state
 * (which the browser resets after each submit) surviving until Confirm.
 */
export function BulkDeleteConfirmation({ message, selection, idempotencyKey, listHref, formAction, onCancel }: BulkDeleteConfirmationProps) {
  const cancelRef = useRef<HTMLAnchorElement>(null);
  // Focus the safe choice first, as native confirm dialogs do.
  useEffect(() => cancelRef.current?.focus(), []);
  const count = selection.ids.length;
  const more = count - selection.preview.length;
  const cancel = (event: MouseEvent) => {
    event.preventDefault();
    onCancel(selection.ids);
  };
  return (
    <section role="alertdialog" aria-labelledby="bulk-delete-heading" aria-describedby="bulk-delete-list" className="confirm-panel">
      <h2 id="bulk-delete-heading">{message}</h2>
      <ul id="bulk-delete-list" className="confirm-panel__list">
        {selection.preview.map((product) => (
          <li key={product.id}>
            {product.title} <span className="muted">#{product.id}</span>
          </li>
        ))}
        {more > 0 && <li className="muted">and {more.toLocaleString('en-US')} more</li>}
      </ul>
      <ActionForm action={formAction} aria-label="Confirm bulk delete">
        <input type="hidden" name="scope" value="selected" />
        <input type="hidden" name="operation" value="delete" />
        <input type="hidden" name="confirmed" value="yes" />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <input type="hidden" name="returnTo" value={listHref} />
        {selection.ids.map((id) => (
          <input key={id} type="hidden" name="ids" value={id} />
        ))}
        <SubmitButton pendingLabel="Deleting…" className="danger">
          {count === 1 ? 'Delete 1 product' : `Delete ${count.toLocaleString('en-US')} products`}
        </SubmitButton>
        <a ref={cancelRef} href={withSearchParams(listHref, { selected: encodeIdList(selection.ids) })} onClick={cancel} className="button secondary">
          Cancel
        </a>
      </ActionForm>
    </section>
  );
}

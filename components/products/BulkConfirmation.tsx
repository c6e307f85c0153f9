'use client';
import { useEffect, useRef, type MouseEvent } from 'react';
import type { BulkSelection } from '@/lib/forms/action-state';
import { withSearchParams } from '@/lib/validation/list-url';
import { formatCount } from '@/lib/forms/plural';
import { encodeIdList } from '@/lib/validation/id-list';
import { ActionForm } from '@/components/forms/ActionForm';
import { SubmitButton } from '@/components/forms/SubmitButton';

interface BulkConfirmationProps {
  /** The question, as the server asked it ("Delete 3 products? …", "Change the price of 1,000 products?"). */
  message: string;
  selection: BulkSelection;
  /** The bulk form's fields as they were posted (scope, search, operation, price or percent). */
  values: Record<string, string>;
  idempotencyKey: string;
  listHref: string;
  formAction(formData: FormData): void;
  /** With JavaScript: close the question and give the ticks back. */
  onCancel(ids: number[]): void;
}

/** The fields that describe the action; everything else is posted afresh. */
const ACTION_FIELDS = ['scope', 'search', 'operation', 'price', 'percent'] as const;

/**
 * "Delete these N products?" or "Change the price of N products?", with the
 * first few rows (for a price change, before and after). The rows and the
 * action come back from the server and are posted again by this form of its
 * own, so nothing depends on the bulk bar's state (which the browser resets
 * after each submit) surviving until Confirm.
 */
export function BulkConfirmation({ message, selection, values, idempotencyKey, listHref, formAction, onCancel }: BulkConfirmationProps) {
  const cancelRef = useRef<HTMLAnchorElement>(null);
  // Focus the safe choice first, as native confirm dialogs do.
  useEffect(() => cancelRef.current?.focus(), []);
  const deleting = values.operation === 'delete';
  const count = selection.count ?? selection.ids.length;
  const more = count - selection.preview.length;
  const cancel = (event: MouseEvent) => {
    event.preventDefault();
    onCancel(selection.ids);
  };
  const cancelHref = selection.ids.length > 0 ? withSearchParams(listHref, { selected: encodeIdList(selection.ids) }) : listHref;
  return (
    <section role="alertdialog" aria-labelledby="bulk-confirm-heading" aria-describedby="bulk-confirm-list" className="confirm-panel">
      <h2 id="bulk-confirm-heading">{message}</h2>
      <ul id="bulk-confirm-list" className="confirm-panel__list">
        {selection.preview.map((product) => (
          <li key={product.id}>
            {product.title} <span className="muted">#{product.id}</span>
            {product.priceBefore !== undefined && (
              <>
                : {product.priceBefore} <span aria-hidden="true">→</span>
                <span className="visually-hidden"> becomes </span> <strong>{product.priceAfter}</strong>
              </>
            )}
          </li>
        ))}
        {more > 0 && <li className="muted">and {formatCount(more)} more</li>}
      </ul>
      <ActionForm action={formAction} aria-label={deleting ? 'Confirm bulk delete' : 'Confirm bulk price change'}>
        {ACTION_FIELDS.map((name) => values[name] !== undefined && <input key={name} type="hidden" name={name} value={values[name]} />)}
        <input type="hidden" name="confirmed" value="yes" />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <input type="hidden" name="returnTo" value={listHref} />
        {selection.ids.map((id) => (
          <input key={id} type="hidden" name="ids" value={id} />
        ))}
        <SubmitButton pendingLabel={deleting ? 'Deleting…' : 'Changing…'} className={deleting ? 'danger' : undefined}>
          {deleting ? (count === 1 ? 'Delete 1 product' : `Delete ${formatCount(count)} products`) : count === 1 ? 'Change 1 price' : `Change ${formatCount(count)} prices`}
        </SubmitButton>
        <a ref={cancelRef} href={cancelHref} onClick={cancel} className="button secondary">
          Cancel
        </a>
      </ActionForm>
    </section>
  );
}

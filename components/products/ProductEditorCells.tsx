'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { updateProduct } from '@/app/actions';
import { fieldError, idleState, submittedValue } from '@/lib/forms/action-state';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';
import type { ProductView } from './view-model';

interface ProductEditorCellsProps {
  product: ProductView;
  /** Set when the editor was opened through ?edit= (no JavaScript): saving then returns to the list URL. */
  returnTo: string | null;
  listHref: string;
  onDone(): void;
}

/**
 * The title, price and actions cells of a row being edited. Mounted only while
 * editing, so Cancel really discards what was typed and any old error.
 * Enter saves (the inputs belong to the row's form); Escape cancels.
 */
export function ProductEditorCells({ product, returnTo, listHref, onDone }: ProductEditorCellsProps) {
  const [state, formAction] = useActionState(updateProduct, idleState);
  const titleInputRef = useRef<HTMLInputElement>(null);

  useEffect(() => titleInputRef.current?.focus(), []);
  useEffect(() => {
    if (state.status === 'saved') onDone();
  }, [state, onDone]);

  const cancel = (event?: MouseEvent) => {
    event?.preventDefault();
    onDone();
  };
  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') cancel();
  };

  const formId = `edit-${product.id}`;
  const common = { form: formId, idPrefix: formId, hideLabel: true };
  return (
    <>
      <td onKeyDown={cancelOnEscape}>
        <Field
          {...common}
          ref={titleInputRef}
          label={`Title of ${product.title}`}
          name="title"
          defaultValue={submittedValue(state, 'title', product.title)}
          error={fieldError(state, 'title')}
        />
      </td>
      <td onKeyDown={cancelOnEscape}>
        <Field
          {...common}
          label={`Price of ${product.title}`}
          name="price"
          inputMode="decimal"
          defaultValue={submittedValue(state, 'price', product.price)}
          error={fieldError(state, 'price')}
        />
      </td>
      <td><time dateTime={product.createdAt}>{product.createdLabel}</time></td>
      <td><time dateTime={product.updatedAt}>{product.updatedLabel}</time></td>
      <td className="row-actions" onKeyDown={cancelOnEscape}>
        <form id={formId} action={formAction} noValidate>
          <input type="hidden" name="id" value={product.id} />
          {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
          <SubmitButton pendingLabel="Saving…" aria-label={`Save ${product.title}`}>
            Save
          </SubmitButton>
          <Link href={listHref} onClick={cancel} className="button secondary" aria-label={`Cancel editing ${product.title}`} scroll={false}>
            Cancel
          </Link>
          <FormMessage state={state.status === 'saved' ? idleState : state} />
        </form>
      </td>
    </>
  );
}

'use client';
import { useActionState, useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { createProduct } from '@/lib/actions/products';
import { fieldError, idleState, submittedValue, type ActionState } from '@/lib/forms/action-state';
import { MAX_PRICE_INPUT_LENGTH, MAX_TITLE_LENGTH } from '@/lib/validation/limits';
import { ActionForm } from '@/components/forms/ActionForm';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { newFormToken } from '@/components/forms/form-token';
import { SubmitButton } from '@/components/forms/SubmitButton';

interface RecreateProductProps {
  /** What the deleted product is called here: “Its title”, or product #12 when its title is not known. */
  deleted: string;
  /** What the person typed into the editor. */
  typed: { title: string; price: string };
  listHref: string;
  /** A one-time token from the server's render; with JavaScript a fresh one is made in the browser. */
  idempotencyKey?: string;
  /** The outcome of a create posted without JavaScript (flash), else idle. */
  initialState?: ActionState;
  /** With JavaScript: the product was created (its message), or the person chose to discard. */
  onDone?(outcome: { message: string } | null): void;
}

/**
 * Shown when a save finds its row deleted by someone else: nothing typed is
 * lost. The values are still there, editable, and "Create it as a new
 * product" makes a new row of them (a create, with its own one-time token);
 * "Discard" goes back to the list. Works without JavaScript (a plain form and a link).
 */
export function RecreateProduct({ deleted, typed, listHref, idempotencyKey, initialState = idleState, onDone }: RecreateProductProps) {
  const [state, formAction] = useActionState(createProduct, initialState);
  const [token] = useState(() => idempotencyKey ?? newFormToken());
  // The latest callback, so the effect answers each new outcome once, not each new callback.
  const done = useRef(onDone);
  useLayoutEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    if (state.status === 'saved') done.current?.({ message: state.message });
  }, [state]);
  const discard = (event: MouseEvent) => {
    if (!onDone) return;
    event.preventDefault();
    onDone(null);
  };
  return (
    <section className="conflict-panel" role="alert" aria-labelledby="recreate-heading">
      <h3 id="recreate-heading">{deleted} was deleted while you were editing it</h3>
      <p>Someone deleted this product, so your changes were not saved. What you typed is still here.</p>
      <ActionForm action={formAction} className="recreate-form" aria-labelledby="recreate-heading" noValidate>
        <input type="hidden" name="idempotencyKey" value={token} />
        <input type="hidden" name="returnTo" value={listHref} />
        <Field idPrefix="recreate" label="Title" name="title" maxCharacters={MAX_TITLE_LENGTH} defaultValue={submittedValue(state, 'title', typed.title)} error={fieldError(state, 'title')} />
        <Field
          idPrefix="recreate"
          label="Price"
          name="price"
          inputMode="decimal"
          maxLength={MAX_PRICE_INPUT_LENGTH}
          defaultValue={submittedValue(state, 'price', typed.price)}
          error={fieldError(state, 'price')}
        />
        <div className="conflict-panel__actions">
          <SubmitButton pendingLabel="Creating…">Create it as a new product</SubmitButton>
          <a href={listHref} className="button secondary" onClick={discard}>
            Discard
          </a>
        </div>
        <FormMessage state={state.status === 'saved' ? idleState : state} />
      </ActionForm>
    </section>
  );
}

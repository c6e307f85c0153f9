'use client';
import { useActionState } from 'react';
import { createProduct } from '@/lib/actions/products';
import { fieldError, idleState, submittedValue, type ActionState } from '@/lib/forms/action-state';
import { MAX_PRICE_INPUT_LENGTH, MAX_TITLE_LENGTH } from '@/lib/validation/limits';
import { ActionForm } from '@/components/forms/ActionForm';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { useUndoOffer } from '@/components/history/use-undo-offer';
import { SubmitButton } from '@/components/forms/SubmitButton';

interface CreateProductFormProps {
  /** A one-time token from this render: posting the same form twice creates one product. */
  idempotencyKey: string;
  listHref: string;
  /** The outcome of a submit made without JavaScript (flash), else idle. */
  initialState?: ActionState;
}

export function CreateProductForm({ idempotencyKey, listHref, initialState = idleState }: CreateProductFormProps) {
  const [state, formAction] = useActionState(createProduct, initialState);
  useUndoOffer(state);
  // A new key after each success empties the inputs; after a failure they keep what was typed.
  const formKey = state.status === 'saved' ? state.at : 'editing';
  return (
    <ActionForm key={formKey} action={formAction} className="create-form" aria-labelledby="create-heading" noValidate>
      <h2 id="create-heading">New product</h2>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="returnTo" value={listHref} />
      <Field idPrefix="new" label="Title" name="title" maxCharacters={MAX_TITLE_LENGTH} defaultValue={submittedValue(state, 'title')} error={fieldError(state, 'title')} />
      <Field
        idPrefix="new"
        label="Price"
        name="price"
        inputMode="decimal"
        placeholder="9.99"
        maxLength={MAX_PRICE_INPUT_LENGTH}
        defaultValue={submittedValue(state, 'price')}
        error={fieldError(state, 'price')}
      />
      <SubmitButton pendingLabel="Creating…">Create product</SubmitButton>
      <FormMessage state={state} />
    </ActionForm>
  );
}

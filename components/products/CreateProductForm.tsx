'use client';
import { useActionState } from 'react';
import { createProduct } from '@/app/actions';
import { fieldError, idleState, submittedValue } from '@/lib/forms/action-state';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';

export function CreateProductForm() {
  const [state, formAction] = useActionState(createProduct, idleState);
  // A new key after each success empties the inputs; after a failure they keep what was typed.
  const formKey = state.status === 'saved' ? state.at : 'editing';
  return (
    <form key={formKey} action={formAction} className="create-form" aria-labelledby="create-heading" noValidate>
      <h2 id="create-heading">New product</h2>
      <Field idPrefix="new" label="Title" name="title" defaultValue={submittedValue(state, 'title')} error={fieldError(state, 'title')} maxLength={10_000} />
      <Field idPrefix="new" label="Price" name="price" inputMode="decimal" placeholder="9.99" defaultValue={submittedValue(state, 'price')} error={fieldError(state, 'price')} />
      <SubmitButton pendingLabel="Creating…">Create product</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

'use client';
import { useActionState } from 'react';
import { signIn } from '@/lib/actions/auth';
import { fieldError, idleState, submittedValue, type ActionState } from '@/lib/forms/action-state';
import { MAX_EDITOR_NAME_LENGTH, MAX_PASSWORD_LENGTH } from '@/lib/validation/limits';
import { ActionForm } from '@/components/forms/ActionForm';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';

export function SignInForm({ returnTo, initialState = idleState }: { returnTo: string; initialState?: ActionState }) {
  const [state, formAction] = useActionState(signIn, initialState);
  return (
    <ActionForm action={formAction} className="create-form" aria-labelledby="sign-in-heading" noValidate>
      <h2 id="sign-in-heading">Editor sign-in</h2>
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field
        idPrefix="sign-in"
        label="Name"
        name="name"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={MAX_EDITOR_NAME_LENGTH}
        defaultValue={submittedValue(state, 'name')}
        error={fieldError(state, 'name')}
      />
      <Field
        idPrefix="sign-in"
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        maxLength={MAX_PASSWORD_LENGTH}
        error={fieldError(state, 'password')}
      />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      <FormMessage state={state.status === 'invalid' ? idleState : state} />
    </ActionForm>
  );
}

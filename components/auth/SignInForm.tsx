'use client';
import { useActionState } from 'react';
import { signIn } from '@/app/auth-actions';
import { fieldError, idleState } from '@/lib/forms/action-state';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [state, formAction] = useActionState(signIn, idleState);
  return (
    <form action={formAction} className="create-form" aria-labelledby="sign-in-heading" noValidate>
      <h2 id="sign-in-heading">Admin sign-in</h2>
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field idPrefix="sign-in" label="Password" name="password" type="password" autoComplete="current-password" error={fieldError(state, 'password')} />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      <FormMessage state={state.status === 'invalid' ? idleState : state} />
    </form>
  );
}

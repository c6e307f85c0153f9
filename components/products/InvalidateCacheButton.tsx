'use client';
import { useActionState } from 'react';
import { invalidateCache } from '@/app/actions';
import { idleState } from '@/lib/forms/action-state';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';

export function InvalidateCacheButton() {
  const [state, formAction] = useActionState(invalidateCache, idleState);
  return (
    <form action={formAction} className="invalidate-form">
      <SubmitButton pendingLabel="Invalidating…" className="secondary">
        Invalidate cache
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

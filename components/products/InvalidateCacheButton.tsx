'use client';
import { useActionState } from 'react';
import { invalidateCache } from '@/lib/actions/products';
import { idleState, type ActionState } from '@/lib/forms/action-state';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';

export function InvalidateCacheButton({ listHref, initialState = idleState }: { listHref: string; initialState?: ActionState }) {
  const [state, formAction] = useActionState(invalidateCache, initialState);
  return (
    <form action={formAction} className="invalidate-form">
      <input type="hidden" name="returnTo" value={listHref} />
      <SubmitButton pendingLabel="Invalidating…" className="secondary">
        Invalidate cache
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

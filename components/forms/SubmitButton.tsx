'use client';
import { useFormStatus } from 'react-dom';
import type { ButtonHTMLAttributes } from 'react';

/** A submit button that shows the form is working and cannot be double-submitted. */
export function SubmitButton({ pendingLabel, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" {...rest} disabled={pending || rest.disabled} aria-disabled={pending || rest.disabled}>
      {pending ? pendingLabel : children}
    </button>
  );
}

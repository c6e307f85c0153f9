'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef } from 'react';
import { deleteProduct } from '@/app/actions';
import { idleState } from '@/lib/forms/action-state';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';

/**
 * Opened by a row's Delete link (?delete=<id>), so confirmation works with or
 * without JavaScript, and the delete itself is always a POST.
 */
export function DeleteConfirmation({ id, title, listHref }: { id: number; title: string | null; listHref: string }) {
  const [state, formAction] = useActionState(deleteProduct, idleState);
  const cancelRef = useRef<HTMLAnchorElement>(null);
  // Focus the safe choice first, as native confirm dialogs do.
  useEffect(() => cancelRef.current?.focus(), []);
  const name = title ? `“${title}”` : `product #${id}`;
  return (
    <section role="alertdialog" aria-labelledby="delete-heading" aria-describedby="delete-description" className="confirm-panel">
      <h2 id="delete-heading">Delete {name}?</h2>
      <p id="delete-description">This removes the product for everyone and cannot be undone.</p>
      <form action={formAction}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="returnTo" value={listHref} />
        <SubmitButton pendingLabel="Deleting…" className="danger">
          Yes, delete
        </SubmitButton>
        <Link ref={cancelRef} href={listHref} className="button secondary" scroll={false}>
          Cancel
        </Link>
        <FormMessage state={state} />
      </form>
    </section>
  );
}

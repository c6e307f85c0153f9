'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, type KeyboardEvent } from 'react';
import { deleteProduct } from '@/lib/actions/products';
import { idleState, savedAnnouncement, type ActionState } from '@/lib/forms/action-state';
import { ActionForm } from '@/components/forms/ActionForm';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { useAnnounce } from '@/components/status/StatusRegion';

interface DeleteConfirmationProps {
  /** The product as the page shows it; null when it no longer exists. */
  product: { id: number; title: string; version: number } | null;
  id: number;
  listHref: string;
  /** The outcome of a delete posted without JavaScript (flash), else idle. */
  initialState?: ActionState;
}

/**
 * Opened by a row's Delete link (?delete=<id>) right below that row, so
 * confirmation works with or without JavaScript, and the delete itself is
 * always a POST. Cancel or Escape closes it (the table then gives focus back
 * to the row's Delete). It deletes the version it showed: if someone changed
 * the product meanwhile, it shows the stored version and asks again.
 */
export function DeleteConfirmation({ product, id, listHref, initialState = idleState }: DeleteConfirmationProps) {
  const [state, formAction] = useActionState(deleteProduct, initialState);
  const cancelRef = useRef<HTMLAnchorElement>(null);
  const announce = useAnnounce();
  const router = useRouter();
  // Focus the safe choice first, as native confirm dialogs do.
  useEffect(() => cancelRef.current?.focus(), []);
  useEffect(() => {
    if (state.status === 'saved') {
      const said = savedAnnouncement(state);
      announce(said.message, said.tone, said.undo);
      router.replace(listHref, { scroll: false });
    }
  }, [state, announce, router, listHref]);
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    router.replace(listHref, { scroll: false });
  };

  if (!product && state.status !== 'saved') {
    return (
      <section role="alert" className="confirm-panel">
        <h2>That product no longer exists</h2>
        <p>Someone may have deleted it already.</p>
        <Link href={listHref} className="button secondary" scroll={false}>
          Back to the list
        </Link>
      </section>
    );
  }
  const shown = state.status === 'conflict' ? { ...state.current } : product;
  const name = shown ? `“${shown.title}”` : `product #${id}`;
  return (
    <section role="alertdialog" aria-labelledby="delete-heading" aria-describedby="delete-description" className="confirm-panel" onKeyDown={closeOnEscape}>
      <h2 id="delete-heading">Delete {name}?</h2>
      {state.status === 'conflict' ? (
        <p id="delete-description" role="alert">
          Someone else changed this product after you opened this question: it is now “{state.current.title}” at {state.current.priceLabel}, saved{' '}
          {state.current.updatedLabel}. Nothing was deleted. Delete it anyway?
        </p>
      ) : (
        <p id="delete-description">This moves the product to the trash for everyone; it can be restored from there.</p>
      )}
      <ActionForm action={formAction}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="version" value={shown?.version ?? ''} />
        <input type="hidden" name="returnTo" value={listHref} />
        <SubmitButton pendingLabel="Deleting…" className="danger">
          {state.status === 'conflict' ? 'Delete anyway' : 'Yes, delete'}
        </SubmitButton>
        <Link ref={cancelRef} href={listHref} className="button secondary" scroll={false}>
          Cancel
        </Link>
        <FormMessage state={state.status === 'conflict' || state.status === 'saved' ? idleState : state} />
      </ActionForm>
    </section>
  );
}

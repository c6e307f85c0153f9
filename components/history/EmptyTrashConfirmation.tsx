'use client';
import { useActionState } from 'react';
import { emptyTrash } from '@/lib/actions/history';
import { idleState } from '@/lib/forms/action-state';
import { plural } from '@/lib/forms/plural';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';

/**
 * "Delete N products for good?": names the count the trash holds now, and
 * posts the newest deletion it counted (`through`), so nothing deleted after
 * this question was asked is purged with it.
 */
export function EmptyTrashConfirmation({ count, through }: { count: number; through: string }) {
  const [state, formAction] = useActionState(emptyTrash, idleState);
  const question = `Delete ${plural(count, 'product')} in the trash for good?`;
  return (
    <section className="conflict-panel" role="alertdialog" aria-labelledby="empty-trash-question" aria-describedby="empty-trash-description">
      <h2 id="empty-trash-question">{question}</h2>
      <p id="empty-trash-description">This cannot be undone: their history stays, the products do not.</p>
      <form action={formAction} className="conflict-panel__actions">
        <input type="hidden" name="through" value={through} />
        <SubmitButton pendingLabel="Deleting…">Yes, delete {plural(count, 'product')} for good</SubmitButton>
        <a href="/trash" className="button secondary">
          Cancel
        </a>
      </form>
      <FormMessage state={state} />
    </section>
  );
}

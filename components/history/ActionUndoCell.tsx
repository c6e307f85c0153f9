import Link from 'next/link';
import type { ActionView } from '@/lib/products/history-reads';
import { undoable } from '@/lib/products/history-reads';
import { UndoControl } from './UndoControl';

/** Undo for a recorded change, or why there is none: already undone (linking the undo), or a purge. */
export function ActionUndoCell({ action, returnTo }: { action: ActionView; returnTo: string }) {
  const offer = undoable(action) ? { actionId: action.id, label: action.kind === 'undo' ? 'Undo this undo' : 'Undo' } : undefined;
  const settled =
    action.undoneByActionId !== null ? (
      <span className="muted">
        Undone by <Link href={`/changes/${action.undoneByActionId}`}>change #{action.undoneByActionId}</Link>
      </span>
    ) : (
      <span className="muted">Cannot be undone</span>
    );
  return <UndoControl offer={offer} about={action.summary} returnTo={returnTo} settled={settled} />;
}

'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { updateProduct } from '@/app/_actions/products';
import { fieldError, idleState, submittedValue, type ActionState } from '@/lib/forms/action-state';
import { MAX_PRICE_INPUT_LENGTH, MAX_TITLE_LENGTH } from '@/lib/validation/limits';
import { ActionForm } from '@/components/forms/ActionForm';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { ConflictPanel } from './ConflictPanel';
import type { ProductView } from './view-model';

interface ProductEditorProps {
  product: ProductView;
  /** The row's leading cells (selection checkbox, id), kept as they are. */
  leadingCells: ReactNode;
  columnCount: number;
  listHref: string;
  /** The outcome of a save posted without JavaScript (flash), else idle. */
  initialState?: ActionState;
  /** Closes the editor; `outcome` is what to announce, if anything. */
  onDone(outcome?: { message: string; tone: 'success' | 'error' }): void;
}

/**
 * A row in edit mode, plus a conflict row below it when someone else saved
 * first. The form carries the version the editor was opened on; after a
 * conflict it carries the stored version, since the person has now seen it.
 * Enter saves (the inputs belong to the row's form); Escape cancels.
 */
export function ProductEditor({ product, leadingCells, columnCount, listHref, initialState = idleState, onDone }: ProductEditorProps) {
  const [state, formAction] = useActionState(updateProduct, initialState);
  const [baseVersion, setBaseVersion] = useState(product.version);
  const [seenState, setSeenState] = useState<ActionState>(initialState);
  const [conflictOpen, setConflictOpen] = useState(initialState.status === 'conflict');
  const titleInputRef = useRef<HTMLInputElement>(null);

  // Adjusting state while rendering (React's pattern for "state derived from a new action result").
  if (state !== seenState) {
    setSeenState(state);
    if (state.status === 'conflict') {
      setBaseVersion(state.current.version);
      setConflictOpen(true);
    }
  }

  useEffect(() => titleInputRef.current?.focus(), []);
  useEffect(() => {
    if (state.status === 'saved') onDone({ message: state.message, tone: 'success' });
  }, [state, onDone]);

  const cancel = (event?: MouseEvent) => {
    event?.preventDefault();
    onDone();
  };
  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') cancel();
  };
  const keepEditing = (event: MouseEvent) => {
    event.preventDefault();
    setConflictOpen(false);
    titleInputRef.current?.focus();
  };

  const formId = `edit-${product.id}`;
  const common = { form: formId, idPrefix: formId, hideLabel: true };
  const mine = { title: submittedValue(state, 'title', product.title), price: submittedValue(state, 'price', product.price) };
  return (
    <>
      <tr className="row--editing">
        {leadingCells}
        <td onKeyDown={cancelOnEscape}>
          <Field {...common} ref={titleInputRef} label={`Title of ${product.title}`} name="title" maxLength={MAX_TITLE_LENGTH} defaultValue={mine.title} error={fieldError(state, 'title')} />
        </td>
        <td onKeyDown={cancelOnEscape}>
          <Field
            {...common}
            label={`Price of ${product.title}`}
            name="price"
            inputMode="decimal"
            maxLength={MAX_PRICE_INPUT_LENGTH}
            defaultValue={mine.price}
            error={fieldError(state, 'price')}
          />
        </td>
        <td><time dateTime={product.createdAt}>{product.createdLabel}</time></td>
        <td><time dateTime={product.updatedAt}>{product.updatedLabel}</time></td>
        <td className="row-actions" onKeyDown={cancelOnEscape}>
          <ActionForm id={formId} action={formAction} noValidate>
            <input type="hidden" name="id" value={product.id} />
            <input type="hidden" name="version" value={baseVersion} />
            <input type="hidden" name="returnTo" value={listHref} />
            <SubmitButton pendingLabel="Saving…" aria-label={`Save ${product.title}`}>
              Save
            </SubmitButton>
            <Link href={listHref} onClick={cancel} className="button secondary" aria-label={`Cancel editing ${product.title}`} scroll={false}>
              Cancel
            </Link>
            <FormMessage state={state.status === 'saved' || state.status === 'conflict' ? idleState : state} />
          </ActionForm>
        </td>
      </tr>
      {state.status === 'conflict' && conflictOpen && (
        <tr className="row--conflict">
          <td colSpan={columnCount}>
            <ConflictPanel
              formId={formId}
              mine={mine}
              current={state.current}
              listHref={listHref}
              titleInputId={`${formId}-title`}
              onUseTheirs={cancel}
              onKeepEditing={keepEditing}
            />
          </td>
        </tr>
      )}
    </>
  );
}

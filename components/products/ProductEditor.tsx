'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { updateProduct } from '@/lib/actions/products';
import { fieldError, idleState, savedAnnouncement, submittedValue, type ActionState } from '@/lib/forms/action-state';
import { withSearchParams } from '@/lib/validation/list-url';
import { MAX_PRICE_INPUT_LENGTH, MAX_TITLE_LENGTH } from '@/lib/validation/limits';
import { ActionForm } from '@/components/forms/ActionForm';
import { Field } from '@/components/forms/Field';
import { FormMessage } from '@/components/forms/FormMessage';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { useAnnounce } from '@/components/status/StatusRegion';
import { ConflictPanel } from './ConflictPanel';
import { useEditing, type EditorOutcome } from './editing-context';
import type { ProductView } from './view-model';

interface ProductEditorProps {
  product: ProductView;
  columnCount: number;
  /** The list address to return to (without edit=). */
  listHref: string;
  /** The rows above and below, for Up and Down. */
  neighbours: { previous: number | null; next: number | null };
  /** The outcome of a save posted without JavaScript (flash), else idle. */
  initialState?: ActionState;
}

/**
 * The row being edited (opened by ?edit=<id>, with or without JavaScript),
 * plus a conflict row below it when someone else saved first. The form
 * carries the version the editor was opened on; after a conflict, the stored
 * version, since the person has now seen it.
 *
 * Keys: Enter saves (the inputs belong to the row's form); Escape cancels;
 * Up and Down move to the neighbouring row's editor, saving first when
 * something was changed (and staying if the save does not go through).
 *
 * If someone deleted the row meanwhile, what was typed is kept above the
 * table with the offer to create it as a new product (editing.recreate).
 */
export function ProductEditor({ product, columnCount, listHref, neighbours, initialState = idleState }: ProductEditorProps) {
  const [state, formAction] = useActionState(updateProduct, initialState);
  const [baseVersion, setBaseVersion] = useState(product.version);
  const [seenState, setSeenState] = useState<ActionState>(initialState);
  const [conflictOpen, setConflictOpen] = useState(initialState.status === 'conflict');
  const [moveAfterSave, setMoveAfterSave] = useState<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const titleInputRef = useRef<HTMLInputElement>(null);
  const priceInputRef = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const announce = useAnnounce();
  const editing = useEditing();

  // Adjusting state while rendering (React's pattern for "state derived from a new action result").
  if (state !== seenState) {
    setSeenState(state);
    if (state.status === 'conflict') {
      setBaseVersion(state.current.version);
      setConflictOpen(true);
    }
    if (state.status !== 'saved') setMoveAfterSave(null);
  }

  const open = (id: number) => (editing ? editing.open(id) : router.replace(`${withSearchParams(listHref, { edit: id })}#editing`, { scroll: false }));
  const close = (outcome?: EditorOutcome, refresh = false) => {
    if (editing) return editing.close({ outcome, refresh });
    if (outcome) announce(outcome.message, outcome.tone, outcome.undo);
    router.replace(listHref, { scroll: false });
  };
  const gone = state.status === 'failed' && state.gone === true;
  const mine = { title: submittedValue(state, 'title', product.title), price: submittedValue(state, 'price', product.price) };

  useEffect(() => titleInputRef.current?.focus(), [product.id]);
  useEffect(() => {
    if (state.status !== 'saved') return;
    const said = savedAnnouncement(state);
    if (moveAfterSave !== null) {
      announce(said.message, said.tone, said.undo);
      open(moveAfterSave);
    } else {
      close(said);
    }
    // The effect answers one new state; the helpers are recreated each render on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const cancel = (event?: MouseEvent) => {
    event?.preventDefault();
    close();
  };

  const changed = () =>
    titleInputRef.current?.value !== submittedValue(state, 'title', product.title) || priceInputRef.current?.value !== submittedValue(state, 'price', product.price);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const neighbour = event.key === 'ArrowDown' ? neighbours.next : neighbours.previous;
    if (neighbour === null) return;
    event.preventDefault();
    if (!changed()) {
      open(neighbour);
      return;
    }
    setMoveAfterSave(neighbour);
    formRef.current?.requestSubmit();
  };

  const keepEditing = (event: MouseEvent) => {
    event.preventDefault();
    setConflictOpen(false);
    titleInputRef.current?.focus();
  };

  // Someone deleted the row: the table keeps what was typed above itself, and this editor closes.
  useEffect(() => {
    if (!gone || !editing) return;
    editing.recreate({ deleted: `“${product.title}”`, typed: mine });
    editing.close();
    // Answers one new state; `mine` and the helpers are recreated each render on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const formId = `edit-${product.id}`;
  const common = { form: formId, idPrefix: formId, hideLabel: true };
  return (
    <>
      <tr id="editing" className="row--editing" onKeyDown={onKeyDown}>
        <td>
          <input type="checkbox" name="ids" value={product.id} form="bulk-form" aria-label={`Select ${product.title}`} />
        </td>
        <td>{product.id}</td>
        <td>
          <Field {...common} ref={titleInputRef} label={`Title of ${product.title}`} name="title" maxCharacters={MAX_TITLE_LENGTH} defaultValue={mine.title} error={fieldError(state, 'title')} />
        </td>
        <td>
          <Field
            {...common}
            ref={priceInputRef}
            label={`Price of ${product.title}`}
            name="price"
            inputMode="decimal"
            maxLength={MAX_PRICE_INPUT_LENGTH}
            defaultValue={mine.price}
            error={fieldError(state, 'price')}
          />
        </td>
        <td>{product.createdLabel}</td>
        <td>{product.updatedLabel}</td>
        <td>
          <ActionForm id={formId} ref={formRef} action={formAction} className="row-form" noValidate>
            <input type="hidden" name="id" value={product.id} />
            <input type="hidden" name="version" value={baseVersion} />
            <input type="hidden" name="returnTo" value={listHref} />
            <SubmitButton pendingLabel="Saving…" aria-label={`Save ${product.title}`}>
              Save
            </SubmitButton>
            <Link href={listHref} onClick={cancel} className="button secondary" aria-label={`Cancel editing ${product.title}`} scroll={false}>
              Cancel
            </Link>
            <FormMessage state={state.status === 'saved' || state.status === 'conflict' || gone ? idleState : state} />
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
              onUseTheirs={(event) => {
                event.preventDefault();
                close({ message: 'Kept the version someone else saved.', tone: 'success' });
              }}
              onKeepEditing={keepEditing}
            />
          </td>
        </tr>
      )}
    </>
  );
}

'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { ActionState } from '@/lib/forms/action-state';
import { useAnnounce } from '@/components/status/StatusRegion';
import { ProductEditor } from './ProductEditor';
import type { ProductView } from './view-model';

interface ProductRowProps {
  product: ProductView;
  selected: boolean;
  onSelectedChange(selected: boolean): void;
  /** Whether the checkbox posts with the bulk form itself (before JavaScript runs). */
  checkboxInBulkForm: boolean;
  /** True when the page was opened with ?edit=<id>, the no-JavaScript way to edit. */
  openedForEditing: boolean;
  /** The flash of a save of this row posted without JavaScript. */
  editorState?: ActionState;
  canEdit: boolean;
  columnCount: number;
  listHref: string;
  editHref: string;
  deleteHref: string;
}

export function ProductRow(props: ProductRowProps) {
  const { product, selected, onSelectedChange, checkboxInBulkForm, openedForEditing, editorState, canEdit, columnCount, listHref, editHref, deleteHref } = props;
  const [editing, setEditing] = useState(openedForEditing);
  const editLinkRef = useRef<HTMLAnchorElement>(null);
  const focusEditAfterClose = useRef(false);
  const announce = useAnnounce();
  const router = useRouter();

  // With JavaScript, Edit toggles in place; its href is the no-JavaScript fallback.
  const startEditing = (event: MouseEvent) => {
    event.preventDefault();
    announce('');
    setEditing(true);
  };
  const stopEditing = useCallback(
    (outcome?: { message: string; tone: 'success' | 'error' }) => {
      focusEditAfterClose.current = true;
      setEditing(false);
      if (outcome) announce(outcome.message, outcome.tone);
      // Opened through ?edit=: leave that address, so a reload does not reopen the editor.
      if (openedForEditing) router.replace(listHref, { scroll: false });
    },
    [announce, openedForEditing, router, listHref],
  );

  // Keyboard users land back on the row's Edit button after saving or cancelling.
  useEffect(() => {
    if (!editing && focusEditAfterClose.current) {
      focusEditAfterClose.current = false;
      editLinkRef.current?.focus();
    }
  }, [editing]);

  const leadingCells = (
    <>
      {canEdit && (
        <td>
          <input
            type="checkbox"
            form={checkboxInBulkForm ? 'bulk-form' : undefined}
            name="ids"
            value={product.id}
            checked={selected}
            onChange={(event) => onSelectedChange(event.target.checked)}
            aria-label={`Select ${product.title}`}
          />
        </td>
      )}
      <td className="numeric">{product.id}</td>
    </>
  );

  if (editing) {
    return (
      <ProductEditor product={product} leadingCells={leadingCells} columnCount={columnCount} listHref={listHref} initialState={editorState} onDone={stopEditing} />
    );
  }
  return (
    <tr className={selected ? 'row--selected' : undefined}>
      {leadingCells}
      <td className="title-cell">{product.title}</td>
      <td className="numeric">{product.priceLabel}</td>
      <td><time dateTime={product.createdAt}>{product.createdLabel}</time></td>
      <td><time dateTime={product.updatedAt}>{product.updatedLabel}</time></td>
      {canEdit && (
        <td className="row-actions">
          <Link ref={editLinkRef} href={editHref} onClick={startEditing} className="button secondary" aria-label={`Edit ${product.title}`} scroll={false}>
            Edit
          </Link>
          <Link href={deleteHref} className="button danger" aria-label={`Delete ${product.title}`} scroll={false}>
            Delete
          </Link>
        </td>
      )}
    </tr>
  );
}

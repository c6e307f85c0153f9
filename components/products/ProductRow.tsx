'use client';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { ProductEditorCells } from './ProductEditorCells';
import type { ProductView } from './view-model';

interface ProductRowProps {
  product: ProductView;
  selected: boolean;
  onSelectedChange(selected: boolean): void;
  /** True when the page was opened with ?edit=<id>, the no-JavaScript way to edit. */
  openedForEditing: boolean;
  canEdit: boolean;
  listHref: string;
  editHref: string;
  deleteHref: string;
}

export function ProductRow({ product, selected, onSelectedChange, openedForEditing, canEdit, listHref, editHref, deleteHref }: ProductRowProps) {
  const [editing, setEditing] = useState(openedForEditing);
  const editLinkRef = useRef<HTMLAnchorElement>(null);
  const focusEditAfterClose = useRef(false);

  // With JavaScript, Edit toggles in place; its href is the no-JavaScript fallback.
  const startEditing = (event: MouseEvent) => {
    event.preventDefault();
    setEditing(true);
  };
  const stopEditing = useCallback(() => {
    focusEditAfterClose.current = true;
    setEditing(false);
  }, []);

  // Keyboard users land back on the row's Edit button after saving or cancelling.
  useEffect(() => {
    if (!editing && focusEditAfterClose.current) {
      focusEditAfterClose.current = false;
      editLinkRef.current?.focus();
    }
  }, [editing]);

  return (
    <tr className={selected ? 'row--selected' : undefined}>
      {canEdit && (
        <td>
          <input
            type="checkbox"
            form="bulk-form"
            name="ids"
            value={product.id}
            checked={selected}
            onChange={(event) => onSelectedChange(event.target.checked)}
            aria-label={`Select ${product.title}`}
          />
        </td>
      )}
      <td className="numeric">{product.id}</td>
      {editing ? (
        <ProductEditorCells product={product} returnTo={openedForEditing ? listHref : null} listHref={listHref} onDone={stopEditing} />
      ) : (
        <>
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
        </>
      )}
    </tr>
  );
}

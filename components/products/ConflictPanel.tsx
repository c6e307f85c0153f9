'use client';
import type { MouseEvent } from 'react';
import type { StoredProductView } from '@/lib/forms/action-state';
import { formatMoneyInput } from '@/lib/forms/money';

interface ConflictPanelProps {
  formId: string;
  mine: { title: string; price: string };
  current: StoredProductView;
  /** Where "Use theirs" goes without JavaScript: the list, which shows the stored row. */
  listHref: string;
  titleInputId: string;
  onUseTheirs(event: MouseEvent): void;
  onKeepEditing(event: MouseEvent): void;
}

/**
 * Shown in place of a silent overwrite when someone else saved the row first:
 * both sides, and the three ways on. The editor already carries the stored
 * version, so "Save mine anyway" is a plain submit of what the person typed.
 */
export function ConflictPanel({ formId, mine, current, listHref, titleInputId, onUseTheirs, onKeepEditing }: ConflictPanelProps) {
  const headingId = `${formId}-conflict`;
  return (
    <section className="conflict-panel" role="alert" aria-labelledby={headingId}>
      <h3 id={headingId}>Someone else saved this product while you were editing it</h3>
      <p>Nothing was saved. Compare the two versions and choose what to keep.</p>
      <dl className="conflict-panel__sides">
        <div>
          <dt>Yours (not saved)</dt>
          <dd>
            <span className="conflict-panel__title">{mine.title}</span> · {formatMoneyInput(mine.price)}
          </dd>
        </div>
        <div>
          <dt>Stored now, saved {current.updatedLabel}</dt>
          <dd>
            <span className="conflict-panel__title">{current.title}</span> · {current.priceLabel}
          </dd>
        </div>
      </dl>
      <div className="conflict-panel__actions">
        <button type="submit" form={formId}>
          Save mine anyway
        </button>
        <a href={listHref} className="button secondary" onClick={onUseTheirs}>
          Use theirs
        </a>
        <a href={`#${titleInputId}`} className="button secondary" onClick={onKeepEditing}>
          Keep editing
        </a>
      </div>
    </section>
  );
}

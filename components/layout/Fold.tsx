import type { ReactNode } from 'react';

/**
 * A section folded behind its label on phones, so the products come first;
 * on wide screens it is always shown and the label is not (globals.css,
 * .fold). A plain <details>: it opens without JavaScript. `open` unfolds it
 * on phones too, when it has something to show (an error, a question).
 */
export function Fold({ label, open = false, children }: { label: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="fold" open={open || undefined}>
      <summary className="fold__label">{label}</summary>
      {children}
    </details>
  );
}

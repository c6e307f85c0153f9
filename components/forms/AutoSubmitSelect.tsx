'use client';
import type { ComponentProps } from 'react';
import { useHydrated } from './useHydrated';

/**
 * A select that applies its form as soon as it changes (with JavaScript),
 * next to a button that does the same without JavaScript; the button is
 * hidden once the change alone is enough.
 */
export function AutoSubmitSelect({ buttonLabel, children, ...select }: ComponentProps<'select'> & { buttonLabel: string }) {
  const hydrated = useHydrated();
  return (
    <>
      <select {...select} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
        {children}
      </select>
      {!hydrated && (
        <button type="submit" className="secondary">
          {buttonLabel}
        </button>
      )}
    </>
  );
}

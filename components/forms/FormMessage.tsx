'use client';
import { useEffect, useState } from 'react';
import type { ActionState } from '@/lib/forms/action-state';

/** How long a success message stays before it clears, in ms (errors stay until the next submit). */
const SUCCESS_LIFETIME_MS = 8000;

/** The form-level outcome, announced politely to screen readers. */
export function FormMessage({ state, id }: { state: ActionState; id?: string }) {
  const [expired, setExpired] = useState<ActionState | null>(null);
  useEffect(() => {
    if (state.status !== 'saved') return;
    const timer = setTimeout(() => setExpired(state), SUCCESS_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const shown = expired === state ? null : state;
  const tone = shown?.status === 'saved' ? 'success' : !shown || shown.status === 'idle' ? 'none' : 'error';
  return (
    <div id={id} className={`form-message form-message--${tone}`} role="status" aria-live="polite">
      {shown && shown.status !== 'idle' && shown.message}
      {shown?.status === 'saved' && shown.warning && <span className="form-message__warning"> {shown.warning}</span>}
    </div>
  );
}

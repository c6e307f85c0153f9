import type { ActionState } from '@/lib/forms/action-state';

/** The form-level outcome, announced politely to screen readers. */
export function FormMessage({ state, id }: { state: ActionState; id?: string }) {
  const tone = state.status === 'saved' ? 'success' : state.status === 'idle' ? 'none' : 'error';
  return (
    <div id={id} className={`form-message form-message--${tone}`} role="status" aria-live="polite">
      {state.status !== 'idle' && state.message}
      {state.status === 'saved' && state.warning && <span className="form-message__warning"> {state.warning}</span>}
    </div>
  );
}

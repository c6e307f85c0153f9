'use client';
import { useEffect } from 'react';
import type { ActionState } from '@/lib/forms/action-state';
import { useAnnounce } from '@/components/status/StatusRegion';

/**
 * Puts the Undo of a form's latest success in the page's status region (a
 * form cannot hold another form, so the Undo lives outside it); the form
 * keeps showing its own message.
 */
export function useUndoOffer(state: ActionState): void {
  const announce = useAnnounce();
  useEffect(() => {
    if (state.status === 'saved' && state.undo) announce('', 'success', { ...state.undo, about: state.message });
  }, [state, announce]);
}

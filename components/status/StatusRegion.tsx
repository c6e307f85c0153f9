'use client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ActionState, UndoOffer } from '@/lib/forms/action-state';
import { UndoControl } from '@/components/history/UndoControl';

/** How long a success message stays before it clears by itself, in ms. */
const STATUS_LIFETIME_MS = 8000;

export type StatusTone = 'success' | 'error' | 'warning';
/** An Undo beside the page's status, and what it would undo (its button's accessible name). */
export type PageUndo = UndoOffer & { about: string };

interface Status {
  message: string;
  tone: StatusTone;
  undo?: PageUndo;
  /** Distinguishes two equal messages, so the second is announced and timed afresh. */
  at: number;
}

const StatusContext = createContext<{ status: Status | null; announce(message: string, tone?: StatusTone, undo?: PageUndo): void }>({
  status: null,
  announce: () => {},
});

/**
 * The page's outcome messages ("Saved …", "Deleted …") for writes whose own
 * form goes away (a closed editor, a deleted row). `initial` is a flash from
 * a form posted without JavaScript.
 */
export function StatusProvider({ initial, children }: { initial?: { message: string; tone: StatusTone; undo?: PageUndo } | null; children: ReactNode }) {
  const [status, setStatus] = useState<Status | null>(initial ? { ...initial, at: 0 } : null);
  // A new page from the server (after an action redirected) may bring a new outcome while this
  // provider stays mounted: take it then (a flash is shown once, so each one is new).
  const [seenInitial, setSeenInitial] = useState(initial);
  if (initial !== seenInitial) {
    setSeenInitial(initial);
    if (initial) setStatus({ ...initial, at: 0 });
  }
  const announce = useCallback((message: string, tone: StatusTone = 'success', undo?: PageUndo) => {
    setStatus(message || undo ? { message, tone, at: Date.now(), undo } : null);
  }, []);
  // A success clears itself; a warning, an error or an offer to undo stays until the next action, so nobody misses it.
  useEffect(() => {
    if (status?.tone !== 'success' || status.undo) return;
    const timer = setTimeout(() => setStatus(null), STATUS_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [status]);
  const value = useMemo(() => ({ status, announce }), [status, announce]);
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

/** Announces a message in the page's status region, with an Undo when given; '' (and no undo) clears it. */
export function useAnnounce(): (message: string, tone?: StatusTone, undo?: PageUndo) => void {
  return useContext(StatusContext).announce;
}

/**
 * The live region itself: present from the first render, so screen readers
 * hear every change. After it, the Undo of the latest change (`returnTo`:
 * where its plain POST comes back to), or the outcome of an undo posted
 * without JavaScript (`undoFlash`).
 */
export function StatusRegion({ returnTo = '/', undoFlash }: { returnTo?: string; undoFlash?: ActionState }) {
  const { status } = useContext(StatusContext);
  return (
    <>
      <div className={`page-status${status?.message ? ` page-status--${status.tone}` : ''}`} role="status" aria-live="polite">
        {status?.message}
      </div>
      {status?.undo && (
        <div className="page-undo">
          <UndoControl key={`${status.undo.actionId}:${status.at}`} offer={status.undo} about={status.undo.about} returnTo={returnTo} />
        </div>
      )}
      {undoFlash && !status?.undo && (
        <div className="page-undo">
          <UndoControl initialState={undoFlash} returnTo={returnTo} />
        </div>
      )}
    </>
  );
}

'use client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** How long a success message stays before it clears by itself, in ms. */
const STATUS_LIFETIME_MS = 8000;

export type StatusTone = 'success' | 'error' | 'warning';
interface Status {
  message: string;
  tone: StatusTone;
  /** Distinguishes two equal messages, so the second is announced and timed afresh. */
  at: number;
}

const StatusContext = createContext<{ status: Status | null; announce(message: string, tone?: StatusTone): void }>({
  status: null,
  announce: () => {},
});

/**
 * The page's outcome messages ("Saved …", "Deleted …") for writes whose own
 * form goes away (a closed editor, a deleted row). `initial` is a flash from
 * a form posted without JavaScript.
 */
export function StatusProvider({ initial, children }: { initial?: { message: string; tone: StatusTone } | null; children: ReactNode }) {
  const [status, setStatus] = useState<Status | null>(initial ? { ...initial, at: 0 } : null);
  // A new page from the server (after an action redirected) may bring a new outcome while this
  // provider stays mounted: take it then (a flash is shown once, so each one is new).
  const [seenInitial, setSeenInitial] = useState(initial);
  if (initial !== seenInitial) {
    setSeenInitial(initial);
    if (initial) setStatus({ ...initial, at: 0 });
  }
  const announce = useCallback((message: string, tone: StatusTone = 'success') => {
    setStatus(message ? { message, tone, at: Date.now() } : null);
  }, []);
  // A success clears itself; a warning or an error stays until the next action, so nobody misses it.
  useEffect(() => {
    if (status?.tone !== 'success') return;
    const timer = setTimeout(() => setStatus(null), STATUS_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [status]);
  const value = useMemo(() => ({ status, announce }), [status, announce]);
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

/** Announces a message in the page's status region; '' clears it. */
export function useAnnounce(): (message: string, tone?: StatusTone) => void {
  return useContext(StatusContext).announce;
}

/** The live region itself: present from the first render, so screen readers hear every change. */
export function StatusRegion() {
  const { status } = useContext(StatusContext);
  return (
    <div className={`page-status${status ? ` page-status--${status.tone}` : ''}`} role="status" aria-live="polite">
      {status?.message}
    </div>
  );
}

'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the page every `everyMs` while a run goes on (the page itself stops rendering this once it has ended). */
export function RefreshWhileRunning({ everyMs = 1000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}

'use client';
import { useEffect } from 'react';

/**
 * Shown instead of a stack trace when rendering fails for a reason the page
 * did not expect. (A database outage has its own page, with status 503.)
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <main>
      <h1>Something went wrong</h1>
      <p role="alert">The catalog could not be shown because of an error on our side. Nothing you entered was changed by it.</p>
      {error.digest && <p className="muted">Reference: {error.digest}</p>}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}

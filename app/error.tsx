'use client';
import { useEffect } from 'react';

/** Shown instead of a stack trace when the page cannot load (for example, the database is down). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <main>
      <h1>Products are unavailable right now</h1>
      <p role="alert">
        The catalog could not be loaded. This is usually a temporary problem with the database; nothing you entered was lost.
      </p>
      {error.digest && <p className="muted">Reference: {error.digest}</p>}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}

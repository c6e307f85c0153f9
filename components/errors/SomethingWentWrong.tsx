/** An unexpected failure, said plainly and without a stack trace; the reference finds it in the server log. */
export function SomethingWentWrong({ reference, retryHref }: { reference: string; retryHref: string }) {
  return (
    <main>
      <h1>Something went wrong</h1>
      <p role="alert">The catalog could not be shown because of an error on our side. Nothing you entered was changed by it.</p>
      <p className="muted">Reference: {reference}</p>
      <a href={retryHref} className="button">
        Try again
      </a>
    </main>
  );
}

/** The catalog without its database: said plainly, with a way to retry that needs no JavaScript. */
export function DatabaseUnavailable({ retryHref }: { retryHref: string }) {
  return (
    <main>
      <h1>Products are unavailable right now</h1>
      <p role="alert">
        The catalog’s database is not reachable, so products cannot be shown or changed. Nothing you saved earlier is lost; this is
        usually over within a minute.
      </p>
      <a href={retryHref} className="button">
        Try again
      </a>
    </main>
  );
}

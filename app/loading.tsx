/**
 * Shown while the catalog loads after a navigation.
 *
 * React streams the finished page into a hidden element and reveals it with a
 * script. Without JavaScript that script never runs, so the <noscript> rule
 * shows the streamed page and hides this placeholder: forms keep working
 * before (or without) JavaScript.
 */
export default function Loading() {
  return (
    <>
      <noscript>
        <style>{'.route-loading{display:none!important}div[hidden][id^="S:"]{display:block!important}'}</style>
      </noscript>
      <main className="route-loading" aria-busy="true">
        <h1>Products</h1>
        <p role="status">Loading products…</p>
      </main>
    </>
  );
}

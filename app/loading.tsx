export default function Loading() {
  return (
    <main aria-busy="true">
      <h1>Products</h1>
      <p role="status">Loading products…</p>
    </main>
  );
}

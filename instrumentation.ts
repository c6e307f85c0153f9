/** Runs once when the server starts (Next's instrumentation hook). */
export async function register() {
  // Node-only start-up work lives in its own module so the Edge bundle never sees it.
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('./instrumentation-node')).startServerProcess();
}

/**
 * One value per process, however Next loads the module: it bundles a module
 * into several chunks (pages, route handlers, the proxy), and hot reload
 * evaluates it again, but every copy shares globalThis. The slot is
 * Symbol.for(`catalog.${name}`), so every copy of this file finds the same one.
 */

const slotOf = (name: string) => Symbol.for(`catalog.${name}`);
const slots = globalThis as unknown as Record<symbol, unknown>;

/** The process's value for `name`, created by `create` the first time. */
export function processSingleton<T>(name: string, create: () => T): T {
  const slot = slotOf(name);
  if (!(slot in slots)) slots[slot] = create();
  return slots[slot] as T;
}

/** Forgets `name`'s value, so the next processSingleton call creates it again (a failed start). */
export function forgetProcessSingleton(name: string): void {
  delete slots[slotOf(name)];
}

'use client';
import { useSyncExternalStore } from 'react';

const neverChanges = () => () => {};

/** False in the server render and before hydration; true once JavaScript runs the component. */
export function useHydrated(): boolean {
  return useSyncExternalStore(neverChanges, () => true, () => false);
}

/**
 * Whether the overlay runs: only under `next dev`, and only when DEV_OVERLAY
 * allows. NODE_ENV is checked first and literally, so production builds fold
 * the whole condition to false without reading the environment.
 */
import { env } from '@/lib/env';

export function devOverlayEnabled(): boolean {
  return process.env.NODE_ENV === 'development' && env().DEV_OVERLAY;
}

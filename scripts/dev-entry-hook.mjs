/**
 * Loaded with `node --import` into `next dev`'s processes by scripts/dev.ts,
 * so development runs behind the same server entry as production (the
 * client address, honest statuses, and the page cache when PAGE_CACHE=1).
 */
import { installServerEntry } from './server-entry.mjs';

installServerEntry();

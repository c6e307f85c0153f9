/**
 * Loaded with `node --import` into `next dev`'s processes by scripts/dev.ts,
 * so development runs behind the same server entry as production (the
 * client address, honest statuses, and the page cache when PAGE_CACHE=1),
 * meeting the app through the same handshake: `next dev` builds the
 * instrumentation module into .next/dev/server before it serves a request.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { installServerEntry } from './server-entry.mjs';

const require = createRequire(import.meta.url);
installServerEntry({ loadApp: () => require(path.resolve('.next/dev/server/instrumentation.js')).serverApp() });

import 'server-only';
import { createCache, createMemoryStore } from '@/lib/cache';
import { runtime } from '@/lib/runtime';
import { createSignInLimiter } from './rate-limit';

// With the cache disabled there is no shared store; a per-process count still slows guessing.
const processLocalCache = createCache({ store: createMemoryStore(), prefix: 'auth-local' });

export function signInLimiter() {
  return createSignInLimiter(runtime().cache ?? processLocalCache);
}

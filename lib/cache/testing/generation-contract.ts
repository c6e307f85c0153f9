/**
 * Test-only, part of the store contract (contract.ts): what a store and the
 * read-through report about the namespace generation, which tools (the dev
 * overlay) use to say why a read missed: whether a lookup found a generation
 * or had to start one, and which generation each step was tied to.
 */
import { describe, expect, it } from 'vitest';
import { entryPrefix, generationKey } from '../keys';
import type { LookupRequest } from '../store';
import type { ContractContext } from './contract-context';
import { recordEvents } from './event-recorder';

export function describeGenerationContract(context: ContractContext): void {
  const lookupOf = (key: string, candidateGeneration: string): LookupRequest => ({
    generationKey: generationKey(context.harness.prefix, 'gen-ns'),
    candidateGeneration,
    entryPrefix: entryPrefix(context.harness.prefix, 'gen-ns'),
    entrySuffix: key,
    leaseToken: `token-${candidateGeneration}-${key}`,
    leaseTtlMs: 60_000,
  });

  describe('the generation, as lookups and events report it', () => {
    it('a lookup says whether it started the generation: the first one and the first after a retire do, the others do not', async () => {
      const { store } = context.harness;
      expect(await store.lookup(lookupOf('a', 'gen-1'))).toMatchObject({ generation: 'gen-1', generationStarted: true });
      expect(await store.lookup(lookupOf('b', 'gen-2'))).toMatchObject({ generation: 'gen-1', generationStarted: false });
      // Its own entry and lease keys: on a cluster they share the namespace's slot.
      const { entryKey, leaseKey } = await store.lookup(lookupOf('a', 'x'));
      await store.fill({ generationKey: generationKey(context.harness.prefix, 'gen-ns'), generation: 'gen-1', entryKey, leaseKey, leaseToken: null, value: 'v', ttlMs: null });
      // A hit reports it too.
      expect(await store.lookup(lookupOf('a', 'gen-3'))).toMatchObject({ value: 'v', generationStarted: false });
      const namespaceKey = generationKey(context.harness.prefix, 'gen-ns');
      await store.retireGeneration({ generationKey: namespaceKey, markerKeys: [], unlessMarked: false, markerTtlMs: 60_000, replicas: 0, replicaWaitMs: 0 });
      expect(await store.lookup(lookupOf('a', 'gen-4'))).toMatchObject({ generation: 'gen-4', value: null, generationStarted: true });
    });

    it("cached()'s events name the namespace and generation; the lookup after invalidate() started a new one", async () => {
      const { cache } = context;
      const recorder = recordEvents(cache);
      await cache.cached('list', async () => 'rows', { namespace: 'gen-ns' });
      await cache.cached('list', async () => 'rows', { namespace: 'gen-ns' });
      await cache.invalidate('gen-ns');
      await cache.cached('list', async () => 'rows again', { namespace: 'gen-ns' });
      const readThrough = recorder.events.filter((event) => ['lookup', 'fill', 'invalidate'].includes(event.op));
      const [firstMiss, firstFill, hit, invalidate, secondMiss, secondFill] = readThrough;
      expect(readThrough.map((event) => `${event.op}:${event.result}`)).toEqual(['lookup:miss', 'fill:stored', 'lookup:hit', 'invalidate:ok', 'lookup:miss', 'fill:stored']);
      expect(firstMiss).toMatchObject({ namespace: 'gen-ns', generationStarted: true });
      const first = firstMiss!.generation!;
      expect(first).toEqual(expect.any(String));
      expect(firstMiss!.storedKey).toContain(first);
      expect(firstFill).toMatchObject({ namespace: 'gen-ns', generation: first });
      // The second read is a hit of this process's copy: it read the generation, and found the same one.
      expect(hit).toMatchObject({ namespace: 'gen-ns', generation: first, generationStarted: false });
      expect(invalidate).toMatchObject({ namespace: 'gen-ns', key: 'gen-ns' });
      expect(secondMiss).toMatchObject({ namespace: 'gen-ns', generationStarted: true });
      expect(secondMiss!.generation).not.toBe(first);
      expect(secondFill!.generation).toBe(secondMiss!.generation);
    });
  });
}

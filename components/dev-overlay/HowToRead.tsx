'use client';
/** "How to read this": the cache's words, in one screen, above the Cache panel's events. */

export function HowToRead() {
  return (
    <details className="help">
      <summary>How to read this</summary>
      <dl>
        <dt>generation</dt>
        <dd>
          Every cached list lives under its namespace&apos;s generation, a random id (its first 8 characters are marked in the
          stored key). A write retires it (invalidate deletes it) and the next read starts a new one, so everything cached before the
          write is unreachable at once. Keys under a retired generation are marked <em>dead generation</em>: nothing reads them again,
          and they expire by their TTL.
        </dd>
        <dt>hit</dt>
        <dd>Redis held the entry for this key under the current generation; it came back with the TTL it had left.</dd>
        <dt>hit (local)</dt>
        <dd>
          This process already held a decoded copy of exactly that entry. It read only the generation (one small GET) to check the copy
          is still current, then served the copy: no value crossed the network.
        </dd>
        <dt>miss</dt>
        <dd>
          Nothing under the current generation for this key: the page read the database, then stored the result (<em>set (refill)</em>).
          The sentence says why: the generation moved (a write, and at which request), the first read, or the entry expired.
        </dd>
        <dt>lease wait</dt>
        <dd>
          Another request was already loading this key. This one waited for its value instead of querying the database too
          (<em>waited-hit</em>), or gave up after 1.5 s and loaded it by itself.
        </dd>
        <dt>refill rejected</dt>
        <dd>
          A write retired the generation while this value was loading: the value served this request but was not stored, so nobody
          reads data older than the write.
        </dd>
        <dt>after an action</dt>
        <dd>
          An action&apos;s own response renders the page again, so its read misses and refills the cache there: the next load is a hit.
          A page that came after an action shows the action&apos;s events first. Work no request asked for (the invalidation sweep) is
          under Background, never in a request&apos;s numbers.
        </dd>
      </dl>
    </details>
  );
}

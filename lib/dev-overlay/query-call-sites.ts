/**
 * Where each SQL query was written (development only). A drizzle query is a
 * thenable: `await db.select()…` runs it from a microtask, where the stack no
 * longer holds the code that built it (V8 keeps async frames only for native
 * promises). So the frames are taken where that code is still on the stack,
 * when it starts a builder (db.select(), db.insert(), …, also on a
 * transaction's tx), carried on the builder (whose chained methods return
 * the builder itself), and put in the call trace
 * (call-trace.ts) when the query is awaited, where the query observer finds
 * them. The prototypes are found from the live `db`, whichever bundle of
 * drizzle made it; each is patched once.
 */
import { getTableColumns } from 'drizzle-orm';
import { processSingleton } from '@/lib/process-singleton';
import { captureFrames, type RawFrame } from './call-site';
import { runTraced } from './call-trace';

const FRAMES = Symbol.for('catalog.query-frames');
const PATCHED = Symbol.for('catalog.query-frames-patched');

// The patches are prototype-wide; this switch lets a benchmark compare with and without them in one process.
const capture = processSingleton('query-frames-capture', () => ({ enabled: true }));

/** Turns the capture on or off (it is on once traceQueryCallSites has run). */
export function setQueryCallSitesEnabled(enabled: boolean): void {
  capture.enabled = enabled;
}

type Builder = Record<PropertyKey, unknown>;
type AnyMethod = (this: Builder, ...args: unknown[]) => unknown;

/** The object in `value`'s prototype chain that defines `name` itself. */
function ownerOf(value: object, name: string): Record<string, unknown> | null {
  for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) return proto as Record<string, unknown>;
  }
  return null;
}

function patch(owner: Record<string, unknown> | null, name: string, wrap: (original: AnyMethod) => AnyMethod): void {
  const original = owner?.[name];
  if (!owner || typeof original !== 'function' || (original as unknown as Builder)[PATCHED]) return;
  const wrapped = wrap(original as AnyMethod);
  (wrapped as unknown as Builder)[PATCHED] = true;
  owner[name] = wrapped;
}

const attach = (result: unknown, frames: RawFrame[] | undefined) => {
  if (frames && result && typeof result === 'object') (result as Builder)[FRAMES] ??= frames;
  return result;
};

/** Starting a builder: remember who started it. */
const starting = (original: AnyMethod): AnyMethod =>
  function (...args) {
    const result = original.apply(this, args);
    return capture.enabled ? attach(result, captureFrames()) : result;
  };

/** A builder's next step makes a new object (select().from(), insert().values(), update().set()): pass the frames on. */
const continuing = (original: AnyMethod): AnyMethod =>
  function (...args) {
    return attach(original.apply(this, args), this[FRAMES] as RawFrame[] | undefined);
  };

/**
 * Patches the query builders reachable from `db` (a drizzle PgDatabase) so
 * that every query it runs carries its call site. `table` is any table of the
 * schema (used only to reach the insert and update builders; nothing runs).
 */
export function traceQueryCallSites(db: object, table: unknown): void {
  setQueryCallSitesEnabled(true);
  const database = db as Record<string, (...args: unknown[]) => object>;
  const databaseProto = ownerOf(db, 'select');
  for (const name of ['select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete', 'execute']) patch(databaseProto, name, starting);
  patch(databaseProto, 'transaction', (original) =>
    function (...args) {
      // BEGIN and COMMIT belong to whoever opened the transaction; each query inside has its own frames.
      return runTraced({ frames: captureFrames() }, () => original.apply(this, args));
    },
  );
  const selectBuilder = database.select!.call(db);
  patch(ownerOf(selectBuilder, 'from'), 'from', continuing);
  const insertBuilder = database.insert!.call(db, table);
  patch(ownerOf(insertBuilder, 'values'), 'values', continuing);
  patch(ownerOf(insertBuilder, 'select'), 'select', continuing);
  const updateBuilder = database.update!.call(db, table);
  patch(ownerOf(updateBuilder, 'set'), 'set', continuing);
  // drizzle mixes QueryPromise's methods into each builder class, so each has its own `then`.
  // Building needs one value to set; nothing is run.
  const someValue = { [Object.keys(getTableColumns(table as Parameters<typeof getTableColumns>[0]))[0]!]: null };
  const runnable = [
    (selectBuilder as Record<string, (source: unknown) => object>).from!.call(selectBuilder, table),
    (insertBuilder as Record<string, (values: unknown) => object>).values!.call(insertBuilder, someValue),
    (updateBuilder as Record<string, (values: unknown) => object>).set!.call(updateBuilder, someValue),
    database.delete!.call(db, table),
    database.execute!.call(db, 'select 1'),
  ];
  for (const builder of runnable) {
    patch(ownerOf(builder, 'then'), 'then', (original) =>
      function (...args) {
        const frames = this[FRAMES] as RawFrame[] | undefined;
        return frames ? runTraced({ frames }, () => original.apply(this, args)) : original.apply(this, args);
      },
    );
  }
}

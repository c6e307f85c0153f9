'use client';
/** "Only misses / only slow / only errors" toggles above a panel's table. */
export type FilterName = 'misses' | 'slow' | 'errors';

export function Filters({ available, active, onChange, counts }: { available: FilterName[]; active: Set<FilterName>; onChange(next: Set<FilterName>): void; counts: Record<FilterName, number> }) {
  return (
    <fieldset className="filters">
      <legend>Show only</legend>
      {available.map((name) => (
        <label key={name}>
          <input
            type="checkbox"
            checked={active.has(name)}
            onChange={(event) => {
              const next = new Set(active);
              if (event.target.checked) next.add(name);
              else next.delete(name);
              onChange(next);
            }}
          />
          {name} ({counts[name]})
        </label>
      ))}
    </fieldset>
  );
}

/** True when `row` passes every active filter (several filters: rows that match all of them). */
export function passes(active: Set<FilterName>, row: Record<FilterName, boolean>): boolean {
  for (const name of active) if (!row[name]) return false;
  return true;
}

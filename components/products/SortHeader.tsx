import { listUrl } from '@/lib/forms/list-url';
import { defaultDirection, type ListQuery, type SortColumn } from '@/lib/validation/list-query';

/**
 * A column header that sorts the list through the URL (?sort=price&dir=asc):
 * the first click sorts by the column's natural direction, the next one
 * reverses it. aria-sort tells assistive technology which column sorts.
 */
export function SortHeader({ query, column, label }: { query: ListQuery; column: SortColumn; label: string }) {
  const active = query.sort === column;
  const nextDirection = active ? (query.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(column);
  const href = listUrl({ ...query, sort: column, dir: nextDirection, page: 1 });
  const state = active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={state} className={active ? 'sorted' : undefined}>
      <a href={href} aria-label={`${label}, sort ${nextDirection === 'asc' ? 'ascending' : 'descending'}`}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </a>
    </th>
  );
}

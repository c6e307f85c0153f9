import { listUrl } from '@/lib/validation/list-url';
import { defaultDirection, type ListQuery, type SortColumn } from '@/lib/validation/list-query';

/**
 * A column header that sorts the list through the URL (?sort=price&dir=asc):
 * the first click sorts by the column's natural direction, the next one
 * reverses it. The column's name is its label alone ("Title"): aria-sort
 * says which column sorts and how, and the arrows are drawn by CSS with no
 * text for assistive technology (globals.css, .sort-mark).
 */
export function SortHeader({ query, column, label }: { query: ListQuery; column: SortColumn; label: string }) {
  const active = query.sort === column;
  const nextDirection = active ? (query.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(column);
  const href = listUrl({ ...query, sort: column, dir: nextDirection, page: 1 });
  const state = active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={state} className={active ? 'sorted' : undefined}>
      <a href={href} title={`Sort by ${label.toLowerCase()}, ${nextDirection === 'asc' ? 'ascending' : 'descending'}`}>
        {label}
        <span className={`sort-mark sort-mark--${state ?? 'none'}`} />
      </a>
    </th>
  );
}

import { PAGE_SIZES, type ListQuery } from '@/lib/validation/list-query';

/** A plain GET form: search and page size live in the URL, so reload and Back work. */
export function SearchForm({ query }: { query: ListQuery }) {
  return (
    <form action="/" method="get" role="search" className="search-form">
      <label className="field">
        <span className="field__label">Search titles</span>
        <input type="search" name="q" defaultValue={query.q} maxLength={200} />
      </label>
      <label className="field">
        <span className="field__label">Rows per page</span>
        <select name="size" defaultValue={String(query.size)}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Search</button>
    </form>
  );
}

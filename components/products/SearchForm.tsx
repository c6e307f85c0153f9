import { inputMaxLength, MAX_SEARCH_LENGTH, PAGE_SIZES } from '@/lib/validation/limits';
import { DEFAULT_SORT, type ListQuery } from '@/lib/validation/list-query';

/**
 * A plain GET form: search and page size live in the URL, so reload and Back work.
 * It carries the current sort along (a new search starts at page 1, in the same order).
 */
export function SearchForm({ query, rejectedSearch }: { query: ListQuery; rejectedSearch: { message: string } | null }) {
  return (
    <form action="/" method="get" role="search" className="search-form">
      {(query.sort !== DEFAULT_SORT.sort || query.dir !== DEFAULT_SORT.dir) && (
        <>
          <input type="hidden" name="sort" value={query.sort} />
          <input type="hidden" name="dir" value={query.dir} />
        </>
      )}
      <label className="field">
        <span className="field__label">Search titles</span>
        <input
          type="search"
          name="q"
          defaultValue={query.q}
          maxLength={inputMaxLength(MAX_SEARCH_LENGTH)}
          aria-invalid={rejectedSearch ? true : undefined}
          aria-describedby={rejectedSearch ? 'search-error' : undefined}
        />
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
      {rejectedSearch && (
        <p id="search-error" className="field__error search-form__error" role="alert">
          {rejectedSearch.message} No products were searched.
        </p>
      )}
    </form>
  );
}

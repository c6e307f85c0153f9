import { AutoSubmitSelect } from '@/components/forms/AutoSubmitSelect';
import { inputMaxLength, MAX_SEARCH_LENGTH, PAGE_SIZES } from '@/lib/validation/limits';
import { defaultDirection, DEFAULT_SORT, type ListQuery } from '@/lib/validation/list-query';

/**
 * The list's controls, as one plain GET form: search and page size live in
 * the URL, so reload and Back work. It keeps the current sort (only when it
 * is not the default) and starts at page 1. The page size applies as soon as
 * it changes, with the search as typed (its own Show button without
 * JavaScript). The server redirects any address to its canonical form
 * (proxy.ts), so an empty search or a default size never lingers in it.
 */
export function SearchForm({ query, rejectedSearch }: { query: ListQuery; rejectedSearch: { message: string } | null }) {
  const sorted = query.sort !== DEFAULT_SORT.sort || query.dir !== DEFAULT_SORT.dir;
  return (
    <form action="/" method="get" role="search" aria-label="Products" className="search-form">
      {sorted && <input type="hidden" name="sort" value={query.sort} />}
      {sorted && query.dir !== defaultDirection(query.sort) && <input type="hidden" name="dir" value={query.dir} />}
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
      <button type="submit">Search</button>
      <label className="field">
        <span className="field__label">Rows per page</span>
        <AutoSubmitSelect name="size" defaultValue={String(query.size)} buttonLabel="Show">
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </AutoSubmitSelect>
      </label>
      {rejectedSearch && (
        <p id="search-error" className="field__error search-form__error" role="alert">
          {rejectedSearch.message} No products were searched.
        </p>
      )}
    </form>
  );
}

import { listUrl } from '@/lib/validation/list-url';
import { formatCount, plural } from '@/lib/forms/plural';
import type { ListQuery } from '@/lib/validation/list-query';

/** Pages shown on each side of the current one before an ellipsis. */
const NEIGHBOURS = 2;

/** The page numbers to offer: the first, the last, and the current one with its neighbours; null marks a gap. */
export function pageNumbers(current: number, pageCount: number): Array<number | null> {
  const wanted = new Set([1, pageCount]);
  for (let page = current - NEIGHBOURS; page <= current + NEIGHBOURS; page += 1) if (page >= 1 && page <= pageCount) wanted.add(page);
  const sorted = [...wanted].sort((a, b) => a - b);
  const result: Array<number | null> = [];
  sorted.forEach((page, index) => {
    if (index > 0 && page - sorted[index - 1]! > 1) result.push(null);
    result.push(page);
  });
  return result;
}

interface PaginationProps {
  query: ListQuery;
  total: number;
  shown: number;
  /** The copy above the table carries no status line (one live region per page is enough). */
  position: 'top' | 'bottom';
}

/**
 * Numbered pagination: first, previous, nearby pages, next, last. Plain links
 * (a new page is a new document: nothing on this one needs keeping), so
 * visitors' pages carry no router code for them.
 */
export function Pagination({ query, total, shown, position }: PaginationProps) {
  const pageCount = Math.max(1, Math.ceil(total / query.size));
  const first = total === 0 || shown === 0 ? 0 : (query.page - 1) * query.size + 1;
  const last = first === 0 ? 0 : first + shown - 1;
  const step = (page: number, label: string, rel?: string) =>
    page < 1 || page > pageCount || page === query.page ? (
      <span aria-disabled="true">{label}</span>
    ) : (
      <a href={listUrl({ ...query, page })} rel={rel}>
        {label}
      </a>
    );
  // One pagination landmark per page (below the table, with the status line); the copy above
  // is the same links without a landmark of its own, and phones leave it out (globals.css).
  const Wrapper = position === 'bottom' ? 'nav' : 'div';
  return (
    <Wrapper aria-label={position === 'bottom' ? 'Pagination' : undefined} className={`pagination pagination--${position}`}>
      {position === 'bottom' && (
        <p role="status">
          {first === 0
            ? total === 0
              ? 'No products to show.'
              : `No products on page ${formatCount(query.page)} (${plural(total, 'product')} in all).`
            : `Showing ${formatCount(first)}–${formatCount(last)} of ${plural(total, 'product')} · page ${formatCount(query.page)} of ${formatCount(pageCount)}`}
        </p>
      )}
      {pageCount > 1 && (
        <>
          {step(1, 'First')}
          {step(query.page - 1, 'Previous', 'prev')}
          <ol className="pagination__pages">
            {pageNumbers(query.page, pageCount).map((page, index) =>
              page === null ? (
                <li key={`gap-${index}`} aria-hidden="true">
                  …
                </li>
              ) : (
                <li key={page}>
                  {page === query.page ? (
                    <span aria-current="page">{formatCount(page)}</span>
                  ) : (
                    <a href={listUrl({ ...query, page })}>{formatCount(page)}</a>
                  )}
                </li>
              ),
            )}
          </ol>
          {step(query.page + 1, 'Next', 'next')}
          {step(pageCount, 'Last')}
        </>
      )}
    </Wrapper>
  );
}

import Link from 'next/link';
import { listUrl } from '@/lib/forms/list-url';
import type { ListQuery } from '@/lib/validation/list-query';

const count = new Intl.NumberFormat('en-US');

export function Pagination({ query, total, shown }: { query: ListQuery; total: number; shown: number }) {
  const pageCount = Math.max(1, Math.ceil(total / query.size));
  const first = total === 0 || shown === 0 ? 0 : (query.page - 1) * query.size + 1;
  const last = first === 0 ? 0 : first + shown - 1;
  const link = (page: number, label: string, rel?: string) =>
    page < 1 || page > pageCount || page === query.page ? (
      <span className="button secondary" aria-disabled="true">{label}</span>
    ) : (
      <Link className="button secondary" href={listUrl({ ...query, page })} rel={rel}>
        {label}
      </Link>
    );
  return (
    <nav aria-label="Pagination" className="pagination">
      <p role="status">
        {first === 0
          ? `No products on page ${query.page} (${count.format(total)} in all).`
          : `Showing ${count.format(first)}–${count.format(last)} of ${count.format(total)} products · page ${query.page} of ${count.format(pageCount)}`}
      </p>
      {link(1, 'First')}
      {link(query.page - 1, 'Previous', 'prev')}
      {link(query.page + 1, 'Next', 'next')}
      {link(pageCount, 'Last')}
    </nav>
  );
}

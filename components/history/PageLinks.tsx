import Link from 'next/link';
import { formatCount } from '@/lib/forms/plural';

/** "Page 2 of 14" with Previous and Next links: plain links, so they work without JavaScript. */
export function PageLinks({ page, total, size, href, label }: { page: number; total: number; size: number; href: (page: number) => string; label: string }) {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages === 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link href={href(page - 1)} className="button secondary" rel="prev">
          Previous
        </Link>
      ) : (
        <span className="button secondary" aria-disabled="true">
          Previous
        </span>
      )}
      <span role="status">
        Page {formatCount(Math.min(page, pages))} of {formatCount(pages)}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} className="button secondary" rel="next">
          Next
        </Link>
      ) : (
        <span className="button secondary" aria-disabled="true">
          Next
        </span>
      )}
    </nav>
  );
}

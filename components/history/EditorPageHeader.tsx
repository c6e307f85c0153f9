import Link from 'next/link';

/** The heading of an editors' page, with the way back to the catalog and to the other safety-net pages. */
export function EditorPageHeader({ title, current }: { title: string; current: 'changes' | 'trash' | 'imports' | 'other' }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      <div className="page-header__actions">
        <Link href="/" className="button secondary">
          Back to the catalog
        </Link>
        {current !== 'changes' && (
          <Link href="/changes" className="button secondary">
            Recent changes
          </Link>
        )}
        {current !== 'trash' && (
          <Link href="/trash" className="button secondary">
            Trash
          </Link>
        )}
        {current !== 'imports' && (
          <Link href="/imports" className="button secondary">
            Import CSV
          </Link>
        )}
      </div>
    </header>
  );
}

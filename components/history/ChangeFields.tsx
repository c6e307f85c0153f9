import type { ProductSnapshot } from '@/lib/products/types';
import { formatMoney } from '@/lib/forms/money';

/** A product as history kept it: "Leek · $2.00", with "(in the trash)" when it was. */
export function snapshotText(snapshot: ProductSnapshot): string {
  return `${snapshot.title} · ${formatMoney(snapshot.price)}${snapshot.deleted ? ' (in the trash)' : ''}`;
}

/**
 * What one change did to one product, field by field (Django admin's History
 * "Changed title and price."): only the fields that differ, each before → after.
 */
export function ChangeFields({ before, after }: { before: ProductSnapshot | null; after: ProductSnapshot | null }) {
  if (!before && after) return <span>Created as {snapshotText(after)}</span>;
  if (before && !after) return <span>Deleted for good; it was {snapshotText(before)}</span>;
  if (!before || !after) return <span>—</span>;
  const rows: Array<[string, string, string]> = [];
  if (before.title !== after.title) rows.push(['Title', before.title, after.title]);
  if (before.price !== after.price) rows.push(['Price', formatMoney(before.price), formatMoney(after.price)]);
  if (before.deleted !== after.deleted) rows.push(['Place', before.deleted ? 'trash' : 'catalog', after.deleted ? 'trash' : 'catalog']);
  if (rows.length === 0) return <span>No field changed</span>;
  return (
    <dl className="change-fields">
      {rows.map(([field, from, to]) => (
        <div key={field}>
          <dt>{field}</dt>
          <dd>
            <del>{from}</del> → <ins>{to}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

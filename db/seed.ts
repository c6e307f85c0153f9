/**
 * Fills the catalog with believable products, in batches, up to a target count.
 * Running it again tops up to the target instead of doubling the data.
 * A seed is a write like any other: each batch can record its cache
 * invalidation in the same transaction (the outbox that lib/products drains),
 * so a running app never serves the catalog from before the seed.
 */
import { count } from 'drizzle-orm';
import type { Database } from './client';
import { seededRandom } from '../lib/seeded-random';
import { cacheInvalidations, products } from './schema';

const ADJECTIVES = ['Fresh', 'Organic', 'Crisp', 'Smoked', 'Golden', 'Wild', 'Heirloom', 'Roasted', 'Spiced', 'Baby', 'Giant', 'Purple'];
const NOUNS = ['Kohlrabi', 'Parsnip', 'Fennel', 'Radicchio', 'Okra', 'Celeriac', 'Chard', 'Leek', 'Shallot', 'Rutabaga', 'Endive', 'Artichoke', 'Bok Choy', 'Salsify', 'Tomatillo', 'Daikon'];
const PACKS = ['', ' (500 g)', ' (1 kg)', ' bunch', ' box', ' (organic crate)'];

export const SEED_BATCH_SIZE = 2_500;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Row n of the seeded catalog; older rows get older timestamps so "newest first" is meaningful. */
export function seedRow(n: number, total: number, now: number) {
  const random = seededRandom(n + 1);
  const cents = 50 + Math.floor(random() * 99_950);
  const createdAt = new Date(now - (total - n) * 60_000);
  return {
    title: `${pick(ADJECTIVES, random)} ${pick(NOUNS, random)}${pick(PACKS, random)} #${n + 1}`,
    // Built from integer cents as text: no float ever touches a price.
    price: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    createdAt,
    updatedAt: createdAt,
  };
}

export interface SeedProgress {
  inserted: number;
  target: number;
  existing: number;
}

export async function countProducts(db: Database): Promise<number> {
  const [row] = await db.select({ total: count() }).from(products);
  return row?.total ?? 0;
}

export interface SeedOptions {
  onProgress?: (progress: SeedProgress) => void;
  /** The cache namespace whose invalidation each batch records (lib/products' PRODUCTS_NAMESPACE); none if unset. */
  invalidateNamespace?: string;
}

/** Inserts products until the table holds `target` rows. Returns how many were inserted. */
export async function seedProducts(db: Database, target: number, options: SeedOptions = {}): Promise<number> {
  const existing = await countProducts(db);
  const missing = Math.max(0, target - existing);
  const now = Date.now();
  let inserted = 0;
  while (inserted < missing) {
    const batchSize = Math.min(SEED_BATCH_SIZE, missing - inserted);
    const batch = Array.from({ length: batchSize }, (_, offset) => seedRow(existing + inserted + offset, target, now));
    await db.transaction(async (tx) => {
      await tx.insert(products).values(batch);
      if (options.invalidateNamespace) await tx.insert(cacheInvalidations).values({ namespace: options.invalidateNamespace });
    });
    inserted += batchSize;
    options.onProgress?.({ inserted, target: missing, existing });
  }
  return inserted;
}

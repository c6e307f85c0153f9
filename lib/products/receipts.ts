/** How each write's result is kept under its idempotency key (JSON: Dates become ISO strings). */
import type { Product } from '@/db/schema';
import type { ReceiptCodec } from './idempotency';

export const productReceipt: ReceiptCodec<Product> = {
  encode: (product) => ({
    ...product,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
    deletedAt: product.deletedAt?.toISOString() ?? null,
  }),
  decode: (stored) => {
    const row = stored as Omit<Product, 'createdAt' | 'updatedAt' | 'deletedAt'> & { createdAt: string; updatedAt: string; deletedAt?: string | null };
    return { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt), deletedAt: row.deletedAt ? new Date(row.deletedAt) : null };
  },
};

export const countReceipt: ReceiptCodec<number> = {
  encode: (count) => ({ count }),
  decode: (stored) => Number((stored as { count: unknown }).count),
};

import type { Product } from '@/lib/products/types';
import { formatUtcDateTime } from '@/lib/forms/dates';
import { formatMoney } from '@/lib/forms/money';

/** A product as the table shows it: plain strings, formatted once on the server. */
export interface ProductView {
  id: number;
  title: string;
  price: string;
  priceLabel: string;
  version: number;
  createdAt: string;
  createdLabel: string;
  updatedAt: string;
  updatedLabel: string;
}

export function toProductView(product: Product): ProductView {
  return {
    id: product.id,
    title: product.title,
    price: product.price,
    priceLabel: formatMoney(product.price),
    version: product.version,
    createdAt: product.createdAt.toISOString(),
    createdLabel: formatUtcDateTime(product.createdAt),
    updatedAt: product.updatedAt.toISOString(),
    updatedLabel: formatUtcDateTime(product.updatedAt),
  };
}

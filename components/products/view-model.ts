import type { Product } from '@/db/schema';
import { formatMoney } from '@/lib/forms/money';

/** A product as the table shows it: plain strings, formatted once on the server. */
export interface ProductView {
  id: number;
  title: string;
  price: string;
  priceLabel: string;
  createdAt: string;
  createdLabel: string;
  updatedAt: string;
  updatedLabel: string;
}

// Formatted on the server in UTC, so the markup never differs between server and browser.
const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export function toProductView(product: Product): ProductView {
  return {
    id: product.id,
    title: product.title,
    price: product.price,
    priceLabel: formatMoney(product.price),
    createdAt: product.createdAt.toISOString(),
    createdLabel: `${dateTime.format(product.createdAt)} UTC`,
    updatedAt: product.updatedAt.toISOString(),
    updatedLabel: `${dateTime.format(product.updatedAt)} UTC`,
  };
}

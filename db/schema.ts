import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const products = pgTable(
  'products',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    // numeric comes back from both drivers as a string, so prices stay exact decimals.
    price: numeric('price', { precision: 10, scale: 2 }).notNull(),
    // Bumped by every write; lets tests and the stress checker tell which write a read saw.
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The list is newest first; id breaks ties between rows created in the same instant.
    index('products_created_at_id_idx').on(table.createdAt.desc(), table.id.desc()),
    // Title search is a case-insensitive substring match; trigrams keep it indexed at 100k rows.
    index('products_title_trgm_idx').using('gin', sql`${table.title} gin_trgm_ops`),
    check('products_title_length', sql`char_length(btrim(${table.title})) between 1 and 200`),
    check('products_price_non_negative', sql`${table.price} >= 0`),
  ],
);

export type Product = typeof products.$inferSelect;

/** The catalog's row as the rest of the app sees it; components import it from here, never from db/. */
export type { Product, ProductSnapshot } from '@/db/schema';

/**
 * Where a flash too large for its cookie waits for the page that shows it
 * (the form_flashes table): a rejected value comes back whole, up to the body
 * limit, without JavaScript too. take() deletes as it reads, so each is shown
 * once, like the cookie; put() prunes what nobody came back for within an hour.
 */
import { randomUUID } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { formFlashes } from '@/db/schema';
import type { ActionState } from './action-state';

export interface FlashStore {
  /** Keeps `state`; returns the id the cookie carries. Throws when the database does. */
  put(state: ActionState): Promise<string>;
  /** The state kept under `id`, removed as it is read; null when there is none (taken, pruned, forged). */
  take(id: string): Promise<ActionState | null>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createFlashStore(db: Database): FlashStore {
  return {
    async put(state) {
      const id = randomUUID();
      await db.insert(formFlashes).values({ id, payload: state });
      await db.delete(formFlashes).where(lt(formFlashes.createdAt, sql`now() - interval '1 hour'`));
      return id;
    },
    async take(id) {
      if (!UUID.test(id)) return null;
      const [row] = await db.delete(formFlashes).where(eq(formFlashes.id, id)).returning({ payload: formFlashes.payload });
      return (row?.payload as ActionState | undefined) ?? null;
    },
  };
}

import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { BIDI_CONTROL_CLASS_SQL, CONTROL_CLASS_SQL, VISIBLE_CLASS_SQL } from './title-rule';

export const products = pgTable(
  'products',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    // numeric comes back from both drivers as a string, so prices stay exact decimals.
    price: numeric('price', { precision: 10, scale: 2 }).notNull(),
    // Bumped by every write: single-row writes match on it (optimistic concurrency).
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Set: the product is in the trash (lib/products/trash.ts), out of every list, count and bulk change.
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (table) => [
    // The trash, newest first, and its purge: only the few trashed rows are indexed.
    index('products_trash_idx').on(table.deletedAt.desc(), table.id.desc()).where(sql`${table.deletedAt} is not null`),
    // The list is newest first; id breaks ties between rows created in the same instant.
    index('products_created_at_id_idx').on(table.createdAt.desc(), table.id.desc()),
    // The other sortable columns, each with id as the tiebreak (scanned either way for asc or desc).
    index('products_updated_at_id_idx').on(table.updatedAt, table.id),
    index('products_title_lower_id_idx').on(sql`lower(${table.title})`, table.id),
    index('products_price_id_idx').on(table.price, table.id),
    // Title search is a case-insensitive substring match; trigrams keep it indexed at 100k rows.
    index('products_title_trgm_idx').using('gin', sql`${table.title} gin_trgm_ops`),
    check('products_title_length', sql`char_length(btrim(${table.title})) between 1 and 200`),
    // The same rule as lib/validation/text.ts (see db/title-rule.ts).
    check(
      'products_title_text',
      sql`${table.title} !~ ${sql.raw(`'${CONTROL_CLASS_SQL}'`)} and ${table.title} !~ ${sql.raw(`'${BIDI_CONTROL_CLASS_SQL}'`)} and ${table.title} ~ ${sql.raw(`'${VISIBLE_CLASS_SQL}'`)}`,
    ),
    check('products_price_non_negative', sql`${table.price} >= 0`),
  ],
);

export type Product = typeof products.$inferSelect;

/**
 * One row per form submission that wrote something, keyed by the one-time
 * token rendered into the form (Stripe's idempotency keys). Claimed in the
 * same transaction as the write, so a repeated POST finds it exactly when the
 * first one committed, and answers with the stored result instead of writing
 * again. Rows older than a day are pruned.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: uuid('key').primaryKey(),
    // What the key was spent on ('create', 'bulk', …) and a digest of what was submitted with it:
    // replayed with another form or other values, it is refused instead of answered with this result.
    operation: text('operation').notNull().default(''),
    requestDigest: text('request_digest').notNull().default(''),
    result: jsonb('result').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('idempotency_keys_created_at_idx').on(table.createdAt)],
);

/**
 * The invalidation outbox (lib/products/invalidation-outbox.ts): one row per
 * committed write whose cache namespace has not been invalidated yet. Written
 * in the write's own transaction, so a row exists exactly when its write
 * committed; deleted once the namespace's generation has moved after it.
 * Any process can finish the job, so it survives the writer's crash and a
 * cache outage. Usually empty: the sweep reads it by primary key.
 *
 * With Redis replicas, a row also stays until a replica holds the
 * invalidation: retire_token then names the retirement's marker in Redis, so
 * a redo retires again only on a primary that lacks it (a promoted replica,
 * the other side of a split) and nowhere it already holds.
 */
export const cacheInvalidations = pgTable('cache_invalidations', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  namespace: text('namespace').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Null: not known to be applied anywhere (a redo retires whatever is current); else the applied retirement's marker token. */
  retireToken: text('retire_token'),
});

/**
 * The people who may change the catalog (lib/auth/editors.ts), each signing
 * in with a name and a password. Names are unique whatever their case.
 * Disabling keeps the row (history names it) and ends its sessions.
 */
export const editors = pgTable(
  'editors',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    // scrypt (lib/auth/password.ts). Null for the first account while its password is ADMIN_PASSWORD(_HASH).
    passwordHash: text('password_hash'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('editors_name_lower_idx').on(sql`lower(${table.name})`)],
);

export type EditorRow = typeof editors.$inferSelect;

/**
 * One row per change an editor made (lib/products/history.ts), as Django's
 * admin LogEntry: who, when, what kind, a one-line summary, and how many
 * products it touched. Written in the change's own transaction. An undo is
 * an action too, naming the action it undid; the undone action names it back.
 */
export const changeActions = pgTable(
  'change_actions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // Null for scripts and for sign-in off; editorName keeps who it was either way.
    editorId: integer('editor_id').references(() => editors.id, { onDelete: 'set null' }),
    editorName: text('editor_name').notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    productCount: integer('product_count').notNull().default(0),
    undoesActionId: bigint('undoes_action_id', { mode: 'number' }),
    undoneByActionId: bigint('undone_by_action_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('change_actions_created_at_id_idx').on(table.createdAt.desc(), table.id.desc()),
    index('change_actions_editor_id_idx').on(table.editorId, table.id.desc()),
    index('change_actions_kind_id_idx').on(table.kind, table.id.desc()),
    check('change_actions_kind', sql`${table.kind} in ('create', 'edit', 'bulk-price', 'delete', 'restore', 'purge', 'undo', 'import')`),
  ],
);

/**
 * What one action did to one product: its fields before and after
 * ({ title, price, deleted }, null before a create and after a purge), and the
 * version the row had once changed. An undo applies `before` only where the
 * row still holds `after` (lib/products/undo.ts), so it never overwrites a later change.
 */
export const productChanges = pgTable(
  'product_changes',
  {
    actionId: bigint('action_id', { mode: 'number' })
      .notNull()
      .references(() => changeActions.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull(),
    before: jsonb('before').$type<ProductSnapshot | null>(),
    after: jsonb('after').$type<ProductSnapshot | null>(),
    versionAfter: integer('version_after'),
  },
  (table) => [primaryKey({ columns: [table.actionId, table.productId] }), index('product_changes_product_id_idx').on(table.productId, table.actionId.desc())],
);

/** A product's fields as history keeps them: the price as exact decimal text. */
export interface ProductSnapshot {
  title: string;
  price: string;
  deleted: boolean;
}

/**
 * Editors' sessions, server-side (lib/sessions/sessions.ts): the cookie holds a
 * random token, this table its SHA-256, so sign-out can end a session and a
 * copy of the table gives nobody a working cookie.
 */
export const adminSessions = pgTable(
  'admin_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    editorId: integer('editor_id').references(() => editors.id, { onDelete: 'cascade' }),
    // A keyed digest of the editor's credential when the session was made (lib/sessions/credential.ts):
    // a changed password ends every session made under the old one.
    credential: text('credential').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('admin_sessions_expires_at_idx').on(table.expiresAt), index('admin_sessions_editor_id_idx').on(table.editorId)],
);

/**
 * Sign-in attempts per bucket (a client address, or the account) in a fixed
 * window (lib/auth/sign-in-limits.ts): counted and decided in one statement,
 * before the password is checked.
 */
export const signInAttempts = pgTable('sign_in_attempts', {
  bucket: text('bucket').primaryKey(),
  attempts: integer('attempts').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
});

/**
 * Outcomes of forms posted without JavaScript that are too large for the
 * one-time flash cookie (lib/forms/flash-store.ts): a rejected 2,000-character
 * title comes back whole. The cookie names the row; the page that shows it
 * deletes it. Rows older than an hour are pruned.
 */
export const formFlashes = pgTable(
  'form_flashes',
  {
    id: uuid('id').primaryKey(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('form_flashes_created_at_idx').on(table.createdAt)],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * An uploaded CSV waiting to be previewed and imported (lib/imports): kept
 * in the database, not in a process, so the preview and the apply may be
 * answered by different workers or hosts. `refusal` is set when the file as
 * a whole cannot be read (then `bytes` is empty). Pruned after a day.
 */
export const importUploads = pgTable(
  'import_uploads',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    fileName: text('file_name').notNull(),
    // SHA-256, hex, of the valid rows (lib/imports/plan.ts rowsDigest; of the bytes for a refused file):
    // an import's batches are applied once per content.
    fileDigest: text('file_digest').notNull(),
    byteCount: integer('byte_count').notNull(),
    bytes: bytea('bytes').notNull(),
    refusal: text('refusal'),
    editorId: integer('editor_id').references(() => editors.id, { onDelete: 'set null' }),
    editorName: text('editor_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('import_uploads_created_at_idx').on(table.createdAt)],
);

/**
 * One dry run or apply of an upload (lib/imports/runner.ts), with its
 * progress: `batchesDone` of `batchCount`, written after each batch, and
 * `heartbeatAt` so a run whose process stopped is told apart from a slow one.
 * An apply's batches all add to one history action (`actionId`), undone as one.
 */
export const importRuns = pgTable(
  'import_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    uploadId: bigint('upload_id', { mode: 'number' })
      .notNull()
      .references(() => importUploads.id, { onDelete: 'cascade' }),
    dryRun: boolean('dry_run').notNull(),
    status: text('status').notNull().default('running'),
    batchCount: integer('batch_count').notNull(),
    batchesDone: integer('batches_done').notNull().default(0),
    actionId: bigint('action_id', { mode: 'number' }).references(() => changeActions.id, { onDelete: 'set null' }),
    message: text('message'),
    editorName: text('editor_name').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [check('import_runs_status', sql`${table.status} in ('running', 'done', 'failed', 'stopped')`), index('import_runs_upload_id_idx').on(table.uploadId)],
);

/**
 * What each batch of a run did, by line of the file. An applied batch's row
 * is written in the batch's own transaction, and at most one applied row
 * exists per file content and batch number: that is what makes a second
 * upload of the same file write nothing, however long after.
 */
export const importRunBatches = pgTable(
  'import_run_batches',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => importRuns.id, { onDelete: 'cascade' }),
    batchNumber: integer('batch_number').notNull(),
    fileDigest: text('file_digest').notNull(),
    // 'applied', 'already-applied' (by an earlier run of the same file), 'would-apply' (dry run) or 'failed'.
    outcome: text('outcome').notNull(),
    firstLine: integer('first_line').notNull(),
    lastLine: integer('last_line').notNull(),
    lines: jsonb('lines').$type<{ applied: number[]; unchanged: number[]; missing: number[] }>().notNull(),
    message: text('message'),
  },
  (table) => [
    primaryKey({ columns: [table.runId, table.batchNumber] }),
    uniqueIndex('import_run_batches_applied_once').on(table.fileDigest, table.batchNumber).where(sql`${table.outcome} = 'applied'`),
  ],
);

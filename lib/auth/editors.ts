/**
 * The editors' accounts (db/schema.ts `editors`): who may sign in, under
 * which name, with which password. `npm run editors` (scripts/editors.ts)
 * adds, disables, enables and resets them; sign-in (lib/actions/auth.ts)
 * finds them.
 *
 * The first account is created from ADMIN_PASSWORD (or ADMIN_PASSWORD_HASH)
 * under ADMIN_NAME ("admin") the first time someone signs in as it on a
 * fresh install; its password_hash stays null, meaning "the configured
 * password", until `npm run editors -- reset admin` gives it one of its own.
 *
 * Disabling and resetting end the editor's sessions in the same transaction:
 * the very next request of that browser is a visitor's.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { editors, type EditorRow } from '@/db/schema';
import { hashPassword, passwordMatches } from './password';
import { endAllSessions } from '@/lib/sessions/sessions';
import type { AdminCredential } from '@/lib/sessions/credential';

export class EditorNotFoundError extends Error {
  override name = 'EditorNotFoundError';
  constructor(readonly editorName: string) {
    super(`There is no editor named "${editorName}".`);
  }
}

export class EditorExistsError extends Error {
  override name = 'EditorExistsError';
  constructor(readonly editorName: string) {
    super(`An editor named "${editorName}" already exists (names are compared without case).`);
  }
}

const byName = (name: string) => eq(sql`lower(${editors.name})`, name.toLowerCase());

/** The editor named `name` (any case), or null. */
export async function findEditor(db: Database, name: string): Promise<EditorRow | null> {
  const [row] = await db.select().from(editors).where(byName(name));
  return row ?? null;
}

/** Every editor, oldest first. */
export function listEditors(db: Database): Promise<EditorRow[]> {
  return db.select().from(editors).orderBy(editors.id);
}

/** Adds an editor with `password` (scrypt-hashed here); EditorExistsError when the name is taken. */
export async function addEditor(db: Database, name: string, password: string): Promise<EditorRow> {
  const passwordHash = await hashPassword(password);
  const [row] = await db.insert(editors).values({ name, passwordHash }).onConflictDoNothing().returning();
  if (!row) throw new EditorExistsError(name);
  return row;
}

/** Sets the editor's disabled mark (or clears it) and, when disabling, ends their sessions; returns how many ended. */
export async function setEditorDisabled(db: Database, name: string, disabled: boolean): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(editors)
      .set({ disabledAt: disabled ? sql`coalesce(${editors.disabledAt}, now())` : null })
      .where(byName(name))
      .returning({ id: editors.id });
    if (!row) throw new EditorNotFoundError(name);
    return disabled ? endAllSessions(tx, row.id) : 0;
  });
}

/** Gives the editor a new password and ends their sessions; returns how many ended. */
export async function resetEditorPassword(db: Database, name: string, password: string): Promise<number> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(editors).set({ passwordHash }).where(byName(name)).returning({ id: editors.id });
    if (!row) throw new EditorNotFoundError(name);
    return endAllSessions(tx, row.id);
  });
}

// Checked against when the name is unknown, so that a wrong name costs what a wrong password does.
const DUMMY_HASH = 'scrypt:AAAAAAAAAAAAAAAAAAAAAA==:' + 'A'.repeat(86) + '==';

export type SignInCheck = { outcome: 'signed-in'; editor: EditorRow } | { outcome: 'wrong' } | { outcome: 'disabled' };

/**
 * Checks a name and password. Creates the first account on a fresh install
 * (no editor of that name yet, the name is `adminName`, and a password is
 * configured). A disabled editor is told so only once the password was
 * right, as Django's "This account is inactive".
 */
export async function checkSignIn(db: Database, name: string, password: string, config: AdminCredential & { adminName: string }): Promise<SignInCheck> {
  let editor = await findEditor(db, name);
  const configured = Boolean(config.ADMIN_PASSWORD || config.ADMIN_PASSWORD_HASH);
  if (!editor && configured && name.toLowerCase() === config.adminName.toLowerCase()) {
    await db.insert(editors).values({ name: config.adminName, passwordHash: null }).onConflictDoNothing();
    editor = await findEditor(db, name);
  }
  if (!editor) {
    await passwordMatches(password, { hash: DUMMY_HASH });
    return { outcome: 'wrong' };
  }
  const secret = editor.passwordHash === null ? { hash: config.ADMIN_PASSWORD_HASH, plain: config.ADMIN_PASSWORD } : { hash: editor.passwordHash };
  if (!(await passwordMatches(password, secret))) return { outcome: 'wrong' };
  return editor.disabledAt ? { outcome: 'disabled' } : { outcome: 'signed-in', editor };
}

/**
 * npm run editors -- <command> — the editors who may sign in and change the catalog.
 *
 *   list                                 every editor, and whether they are enabled
 *   add <name> [--password-stdin]        a new editor; prints a generated password unless one is piped in
 *   reset <name> [--password-stdin]      a new password (generated unless piped in); ends their sessions
 *   disable <name>                       they can no longer sign in; ends their sessions at once
 *   enable <name>                        they can sign in again
 *
 * Uses the app's database (DATABASE_URL, or the PGlite folder: stop `npm run dev` first, one
 * process per folder). Exit codes: 0 done, 1 the database failed, 2 bad usage or input.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../db/migrate';
import { addEditor, EditorExistsError, EditorNotFoundError, listEditors, resetEditorPassword, setEditorDisabled } from '../lib/auth/editors';
import { editorName } from '../lib/validation/sign-in';
import { loadEnvironment, openDatabaseFromEnv } from './lib/database-from-env';
import { readStdin } from './lib/read-stdin';

const USAGE = 'Usage: npm run editors -- list | add <name> | reset <name> | disable <name> | enable <name>   (add and reset take --password-stdin)';
const MIN_PASSWORD_LENGTH = 8;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'password-stdin': { type: 'boolean', default: false } } });
const [command, rawName, ...extra] = positionals;
if (!command || extra.length > 0 || (command !== 'list' && rawName === undefined)) fail(USAGE);
const name = command === 'list' ? '' : parseName(rawName!);

function parseName(text: string): string {
  const parsed = editorName.safeParse(text);
  return parsed.success ? parsed.data : fail(`"${text}" is not a valid editor name: ${parsed.error.issues[0]!.message}`);
}

/** The password to set: piped in with --password-stdin (checked), or 20 random characters, printed once. */
async function newPassword(): Promise<{ password: string; generated: boolean }> {
  if (!values['password-stdin']) return { password: randomBytes(15).toString('base64url'), generated: true };
  const password = await readStdin();
  if (password.length < MIN_PASSWORD_LENGTH) fail(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  return { password, generated: false };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const handle = await openDatabaseFromEnv(loadEnvironment());
try {
  await migrateDatabase(handle);
  const { db } = handle;
  switch (command) {
    case 'list': {
      const rows = await listEditors(db);
      if (rows.length === 0) console.log('No editors yet. The first signs in as ADMIN_NAME ("admin") with ADMIN_PASSWORD, or add one: npm run editors -- add <name>');
      for (const row of rows) {
        const password = row.passwordHash === null ? 'password from ADMIN_PASSWORD' : 'own password';
        console.log(`${row.name.padEnd(24)} ${row.disabledAt ? `disabled since ${row.disabledAt.toISOString()}` : 'enabled'} · ${password}`);
      }
      break;
    }
    case 'add':
    case 'reset': {
      const { password, generated } = await newPassword();
      if (command === 'add') {
        await addEditor(db, name, password);
        console.log(`Added editor "${name}".`);
      } else {
        const ended = await resetEditorPassword(db, name, password);
        console.log(`New password for "${name}"; ${plural(ended, 'session')} ended.`);
      }
      if (generated) console.log(`Password (shown once): ${password}`);
      break;
    }
    case 'disable':
    case 'enable': {
      const ended = await setEditorDisabled(db, name, command === 'disable');
      console.log(command === 'disable' ? `Disabled "${name}"; ${plural(ended, 'session')} ended.` : `Enabled "${name}".`);
      break;
    }
    default:
      fail(`Unknown command "${command}". ${USAGE}`);
  }
} catch (error) {
  if (error instanceof EditorNotFoundError || error instanceof EditorExistsError) fail(error.message);
  fail(`The database failed: ${(error as Error).message}`, 1);
} finally {
  await handle.close();
}

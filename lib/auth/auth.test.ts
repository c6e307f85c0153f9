/**
 * Editors' accounts and passwords, server-side sessions and the sign-in limits, on PGlite
 * and on the real PostgreSQL. Concurrency is real on PostgreSQL: parallel
 * attempts race for the same row.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { hashPassword, passwordMatches } from './password';
import { credentialFingerprint } from '@/lib/sessions/credential';
import { addEditor, checkSignIn, EditorExistsError, EditorNotFoundError, listEditors, resetEditorPassword, setEditorDisabled } from './editors';
import { createSession, endAllSessions, endSession, sessionEditor } from '@/lib/sessions/sessions';
import { ACCOUNT_MAX_DELAY_MS, accountDelayMs, admitSignIn, MAX_CLIENT_ATTEMPTS, signInSucceeded } from './sign-in-limits';

const databases = await testDatabases();
const SECRET = 'a-session-secret-of-at-least-32-characters';
const CREDENTIAL = credentialFingerprint({ ADMIN_PASSWORD: 'correct horse', SESSION_SECRET: SECRET });

describe('admin password', () => {
  it('matches a scrypt hash and a plain password, and nothing else', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt:/);
    expect(await passwordMatches('correct horse', { hash })).toBe(true);
    expect(await passwordMatches('correct horsE', { hash })).toBe(false);
    expect(await passwordMatches('correct horse', { plain: 'correct horse' })).toBe(true);
    expect(await passwordMatches('correct', { plain: 'correct horse' })).toBe(false);
    expect(await passwordMatches('anything', {})).toBe(false);
  });
});

describe.each(databases)('editors, sessions and sign-in limits on $name', (database) => {
  const fixture = useProductRepository(database);
  let db: Database;
  const CONFIG = { ADMIN_PASSWORD: 'correct horse', SESSION_SECRET: SECRET, adminName: 'admin' };
  const signedIn = async (name: string, password: string) => {
    const check = await checkSignIn(db, name, password, CONFIG);
    if (check.outcome !== 'signed-in') throw new Error(`${name} could not sign in: ${check.outcome}`);
    return check.editor;
  };
  beforeEach(async () => {
    db = fixture.handle.db;
    await db.execute(sql`truncate table admin_sessions, sign_in_attempts, editors restart identity cascade`);
  });

  it('the first account is created by signing in as ADMIN_NAME with ADMIN_PASSWORD, once; nobody else is', async () => {
    expect(await checkSignIn(db, 'mallory', 'correct horse', CONFIG)).toEqual({ outcome: 'wrong' });
    expect(await checkSignIn(db, 'admin', 'wrong horse', CONFIG)).toEqual({ outcome: 'wrong' });
    const admin = await signedIn('Admin', 'correct horse');
    expect(admin).toMatchObject({ name: 'admin', passwordHash: null });
    expect((await signedIn('admin', 'correct horse')).id).toBe(admin.id);
    expect(await listEditors(db)).toHaveLength(1);
    // Without a configured password, nothing is created.
    await db.execute(sql`truncate table editors restart identity cascade`);
    expect(await checkSignIn(db, 'admin', 'correct horse', { ...CONFIG, ADMIN_PASSWORD: undefined })).toEqual({ outcome: 'wrong' });
    expect(await listEditors(db)).toHaveLength(0);
  });

  it('editors sign in by name in any case, with their own password; names are unique whatever their case', async () => {
    await addEditor(db, 'Alice', 'alice-password');
    await expect(addEditor(db, 'alice', 'other-password')).rejects.toBeInstanceOf(EditorExistsError);
    expect((await signedIn('ALICE', 'alice-password')).name).toBe('Alice');
    expect(await checkSignIn(db, 'alice', 'correct horse', CONFIG)).toEqual({ outcome: 'wrong' });
  });

  it('a session lives until signed out; a new token every sign-in; sign-out everywhere ends only that editor\'s', async () => {
    const alice = await addEditor(db, 'alice', 'alice-password');
    const bob = await addEditor(db, 'bob', 'bob-password');
    const first = await createSession(db, 3600, alice, CONFIG);
    const second = await createSession(db, 3600, alice, CONFIG);
    const bobs = await createSession(db, 3600, bob, CONFIG);
    expect(first).not.toBe(second);
    expect(await sessionEditor(db, first, CONFIG)).toEqual({ id: alice.id, name: 'alice' });
    await endSession(db, first);
    expect(await sessionEditor(db, first, CONFIG)).toBeNull();
    expect(await sessionEditor(db, second, CONFIG)).not.toBeNull();
    expect(await endAllSessions(db, alice.id)).toBe(1);
    expect(await sessionEditor(db, second, CONFIG)).toBeNull();
    expect(await sessionEditor(db, bobs, CONFIG)).toEqual({ id: bob.id, name: 'bob' });
  });

  it('disabling an editor ends their sessions at once and refuses their sign-in; enabling lets them sign in again', async () => {
    const alice = await addEditor(db, 'alice', 'alice-password');
    const token = await createSession(db, 3600, alice, CONFIG);
    expect(await setEditorDisabled(db, 'Alice', true)).toBe(1);
    expect(await sessionEditor(db, token, CONFIG)).toBeNull();
    expect(await checkSignIn(db, 'alice', 'alice-password', CONFIG)).toEqual({ outcome: 'disabled' });
    // A wrong password is "wrong" even for a disabled account: the state is told only to who knows the password.
    expect(await checkSignIn(db, 'alice', 'guess', CONFIG)).toEqual({ outcome: 'wrong' });
    // A session row that survived somehow (made before the mark) is still no session while disabled.
    await db.execute(sql`update editors set disabled_at = null`);
    const again = await createSession(db, 3600, alice, CONFIG);
    await db.execute(sql`update editors set disabled_at = now()`);
    expect(await sessionEditor(db, again, CONFIG)).toBeNull();
    expect(await setEditorDisabled(db, 'alice', false)).toBe(0);
    expect((await signedIn('alice', 'alice-password')).id).toBe(alice.id);
    await expect(setEditorDisabled(db, 'nobody', true)).rejects.toBeInstanceOf(EditorNotFoundError);
  });

  it('a session made under a password that has since changed is no session; one under the current password is', async () => {
    const alice = await addEditor(db, 'alice', 'alice-password');
    const before = await createSession(db, 3600, alice, CONFIG);
    expect(await resetEditorPassword(db, 'alice', 'new-alice-password')).toBe(1);
    expect(await sessionEditor(db, before, CONFIG)).toBeNull();
    expect(await checkSignIn(db, 'alice', 'alice-password', CONFIG)).toEqual({ outcome: 'wrong' });
    const after = await createSession(db, 3600, await signedIn('alice', 'new-alice-password'), CONFIG);
    expect(await sessionEditor(db, after, CONFIG)).not.toBeNull();
    // The first account follows ADMIN_PASSWORD: another configured password ends its sessions (no row changed at all).
    const admin = await signedIn('admin', 'correct horse');
    const adminToken = await createSession(db, 3600, admin, CONFIG);
    expect(await sessionEditor(db, adminToken, CONFIG)).not.toBeNull();
    expect(await sessionEditor(db, adminToken, { ...CONFIG, ADMIN_PASSWORD: 'battery staple' })).toBeNull();
    expect(await sessionEditor(db, adminToken, { ...CONFIG, SESSION_SECRET: `${SECRET}!` })).toBeNull();
    // The same password, configured as a hash instead, is another credential too; so is another secret.
    expect(credentialFingerprint({ ADMIN_PASSWORD_HASH: 'scrypt:c2FsdA==:a2V5', SESSION_SECRET: SECRET })).not.toBe(CREDENTIAL);
    expect(credentialFingerprint({ ADMIN_PASSWORD: 'correct horse', SESSION_SECRET: `${SECRET}!` })).not.toBe(CREDENTIAL);
    expect(credentialFingerprint({ ADMIN_PASSWORD: 'correct horse', SESSION_SECRET: SECRET })).toBe(CREDENTIAL);
    // The table holds nothing the password could be read from.
    const stored = await db.execute(sql`select credential from admin_sessions`);
    expect(JSON.stringify(stored)).not.toContain('correct horse');
  });

  it('an expired, forged or malformed token is no session', async () => {
    const alice = await addEditor(db, 'alice', 'alice-password');
    const token = await createSession(db, 3600, alice, CONFIG);
    await db.execute(sql`update admin_sessions set expires_at = now() - interval '1 second'`);
    expect(await sessionEditor(db, token, CONFIG)).toBeNull();
    for (const forged of [undefined, '', 'x', `${token}x`, 'A'.repeat(43), "' or 1=1 --"]) expect(await sessionEditor(db, forged, CONFIG)).toBeNull();
  });

  it(`refuses a client after ${MAX_CLIENT_ATTEMPTS} attempts, before any password check, and no other client`, async () => {
    for (let attempt = 1; attempt <= MAX_CLIENT_ATTEMPTS; attempt += 1) expect((await admitSignIn(db, '127.0.0.2', 'admin')).allowed).toBe(true);
    const refused = await admitSignIn(db, '127.0.0.2', 'admin');
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(800);
    expect((await admitSignIn(db, '127.0.0.1', 'admin')).allowed).toBe(true);
  });

  it('40 parallel guesses from one client: exactly 5 reach the password check', async () => {
    const admissions = await Promise.all(Array.from({ length: 40 }, () => admitSignIn(db, '198.51.100.7', 'admin')));
    expect(admissions.filter((admission) => admission.allowed)).toHaveLength(MAX_CLIENT_ATTEMPTS);
  });

  it('guesses spread over many addresses slow the account down exponentially, capped, and never refuse it', async () => {
    const delays: number[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const admission = await admitSignIn(db, `203.0.113.${attempt}`, 'admin');
      expect(admission.allowed).toBe(true);
      if (admission.allowed) delays.push(admission.delayMs);
    }
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(delays.slice(5, 10)).toEqual([250, 500, 1000, 2000, 3000]);
    expect(Math.max(...delays)).toBe(ACCOUNT_MAX_DELAY_MS);
    // The admin, from an address of their own, is slowed but let through; another editor is not slowed at all.
    expect(await admitSignIn(db, '127.0.0.1', 'admin')).toEqual({ allowed: true, delayMs: ACCOUNT_MAX_DELAY_MS });
    expect(await admitSignIn(db, '127.0.0.1', 'alice')).toEqual({ allowed: true, delayMs: 0 });
  });

  it('a successful sign-in gives the client a fresh start', async () => {
    for (let attempt = 0; attempt < MAX_CLIENT_ATTEMPTS; attempt += 1) await admitSignIn(db, '127.0.0.5', 'admin');
    await signInSucceeded(db, '127.0.0.5', 'admin');
    expect((await admitSignIn(db, '127.0.0.5', 'admin')).allowed).toBe(true);
  });

  it('a window that has ended starts again at 1', async () => {
    for (let attempt = 0; attempt <= MAX_CLIENT_ATTEMPTS; attempt += 1) await admitSignIn(db, '127.0.0.6', 'admin');
    expect((await admitSignIn(db, '127.0.0.6', 'admin')).allowed).toBe(false);
    await db.execute(sql`update sign_in_attempts set window_started_at = now() - interval '16 minutes'`);
    expect((await admitSignIn(db, '127.0.0.6', 'admin')).allowed).toBe(true);
  });

  it('the delay schedule', () => {
    expect([1, 5, 6, 7, 8, 9, 10, 50].map(accountDelayMs)).toEqual([0, 0, 250, 500, 1000, 2000, 3000, 3000]);
  });
});

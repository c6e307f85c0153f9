/**
 * The admin password, server-side sessions and the sign-in limits, on PGlite
 * and on the real PostgreSQL. Concurrency is real on PostgreSQL: parallel
 * attempts race for the same row.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { hashPassword, passwordMatches } from './password';
import { credentialFingerprint } from './credential';
import { createSession, endAllSessions, endSession, sessionIsLive } from './sessions';
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

describe.each(databases)('sessions and sign-in limits on $name', (database) => {
  const fixture = useProductRepository(database);
  let db: Database;
  beforeEach(async () => {
    db = fixture.handle.db;
    await db.execute(sql`truncate table admin_sessions, sign_in_attempts`);
  });

  it('a session lives until signed out; a new token every sign-in; sign-out everywhere ends them all', async () => {
    const first = await createSession(db, 3600, CREDENTIAL);
    const second = await createSession(db, 3600, CREDENTIAL);
    expect(first).not.toBe(second);
    expect(await sessionIsLive(db, first, CREDENTIAL)).toBe(true);
    await endSession(db, first);
    expect(await sessionIsLive(db, first, CREDENTIAL)).toBe(false);
    expect(await sessionIsLive(db, second, CREDENTIAL)).toBe(true);
    expect(await endAllSessions(db)).toBe(1);
    expect(await sessionIsLive(db, second, CREDENTIAL)).toBe(false);
  });

  it('a session made under a password that has since changed is no session; one under the current password is', async () => {
    const before = await createSession(db, 3600, CREDENTIAL);
    const changed = credentialFingerprint({ ADMIN_PASSWORD: 'battery staple', SESSION_SECRET: SECRET });
    expect(changed).not.toBe(CREDENTIAL);
    expect(await sessionIsLive(db, before, changed)).toBe(false);
    const after = await createSession(db, 3600, changed);
    expect(await sessionIsLive(db, after, changed)).toBe(true);
    // The same password, configured as a hash instead, is another credential too; so is another secret.
    expect(credentialFingerprint({ ADMIN_PASSWORD_HASH: 'scrypt:c2FsdA==:a2V5', SESSION_SECRET: SECRET })).not.toBe(CREDENTIAL);
    expect(credentialFingerprint({ ADMIN_PASSWORD: 'correct horse', SESSION_SECRET: `${SECRET}!` })).not.toBe(CREDENTIAL);
    expect(credentialFingerprint({ ADMIN_PASSWORD: 'correct horse', SESSION_SECRET: SECRET })).toBe(CREDENTIAL);
    // The table holds nothing the password could be read from.
    const stored = await db.execute(sql`select credential from admin_sessions`);
    expect(JSON.stringify(stored)).not.toContain('correct horse');
  });

  it('an expired, forged or malformed token is no session', async () => {
    const token = await createSession(db, 3600, CREDENTIAL);
    await db.execute(sql`update admin_sessions set expires_at = now() - interval '1 second'`);
    expect(await sessionIsLive(db, token, CREDENTIAL)).toBe(false);
    for (const forged of [undefined, '', 'x', `${token}x`, 'A'.repeat(43), "' or 1=1 --"]) expect(await sessionIsLive(db, forged, CREDENTIAL)).toBe(false);
  });

  it(`refuses a client after ${MAX_CLIENT_ATTEMPTS} attempts, before any password check, and no other client`, async () => {
    for (let attempt = 1; attempt <= MAX_CLIENT_ATTEMPTS; attempt += 1) expect((await admitSignIn(db, '127.0.0.2')).allowed).toBe(true);
    const refused = await admitSignIn(db, '127.0.0.2');
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(800);
    expect((await admitSignIn(db, '127.0.0.1')).allowed).toBe(true);
  });

  it('40 parallel guesses from one client: exactly 5 reach the password check', async () => {
    const admissions = await Promise.all(Array.from({ length: 40 }, () => admitSignIn(db, '198.51.100.7')));
    expect(admissions.filter((admission) => admission.allowed)).toHaveLength(MAX_CLIENT_ATTEMPTS);
  });

  it('guesses spread over many addresses slow the account down exponentially, capped, and never refuse it', async () => {
    const delays: number[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const admission = await admitSignIn(db, `203.0.113.${attempt}`);
      expect(admission.allowed).toBe(true);
      if (admission.allowed) delays.push(admission.delayMs);
    }
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(delays.slice(5, 10)).toEqual([250, 500, 1000, 2000, 3000]);
    expect(Math.max(...delays)).toBe(ACCOUNT_MAX_DELAY_MS);
    // The admin, from an address of their own, is slowed but let through.
    expect(await admitSignIn(db, '127.0.0.1')).toEqual({ allowed: true, delayMs: ACCOUNT_MAX_DELAY_MS });
  });

  it('a successful sign-in gives the client a fresh start', async () => {
    for (let attempt = 0; attempt < MAX_CLIENT_ATTEMPTS; attempt += 1) await admitSignIn(db, '127.0.0.5');
    await signInSucceeded(db, '127.0.0.5');
    expect((await admitSignIn(db, '127.0.0.5')).allowed).toBe(true);
  });

  it('a window that has ended starts again at 1', async () => {
    for (let attempt = 0; attempt <= MAX_CLIENT_ATTEMPTS; attempt += 1) await admitSignIn(db, '127.0.0.6');
    expect((await admitSignIn(db, '127.0.0.6')).allowed).toBe(false);
    await db.execute(sql`update sign_in_attempts set window_started_at = now() - interval '16 minutes'`);
    expect((await admitSignIn(db, '127.0.0.6')).allowed).toBe(true);
  });

  it('the delay schedule', () => {
    expect([1, 5, 6, 7, 8, 9, 10, 50].map(accountDelayMs)).toEqual([0, 0, 250, 500, 1000, 2000, 3000, 3000]);
  });
});

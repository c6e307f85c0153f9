import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { openFlash, sealFlash } from './flash';
import { createFlashStore, type FlashStore } from './flash-store';

const secret = new TextEncoder().encode('k'.repeat(32));

describe('the one-time flash', () => {
  it('round-trips an outcome for one form', async () => {
    const flash = { form: 'edit:12', state: { status: 'saved' as const, message: 'Saved “Leek”.', at: 1 } };
    expect(await openFlash(await sealFlash(flash, secret), secret)).toEqual(flash);
  });

  it('refuses a flash signed with another key, tampered with, or not a token at all', async () => {
    const token = await sealFlash({ form: 'create', state: { status: 'idle' } }, secret);
    expect(await openFlash(token, new TextEncoder().encode('x'.repeat(32)))).toBeNull();
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ form: 'create', state: { status: 'saved', message: 'Visit evil.example', at: 1 } })).toString('base64url');
    expect(await openFlash(`${header}.${forged}.${signature}`, secret)).toBeNull();
    expect(await openFlash(`${header}.${payload}.`, secret)).toBeNull();
    expect(await openFlash('garbage', secret)).toBeNull();
    expect(await openFlash(undefined, secret)).toBeNull();
  });

  it('without a store, fits a cookie: what was typed is cut down, and the message says so', async () => {
    const values = { title: 'x'.repeat(20_000), price: 'y'.repeat(20_000) };
    const token = await sealFlash({ form: 'create', state: { status: 'failed', message: 'Nothing was saved.', values } }, secret);
    expect(token.length).toBeLessThanOrEqual(3500);
    const opened = await openFlash(token, secret);
    expect(opened?.state).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Nothing was saved\. What you typed was too long/) });
  });

  it('with a store that fails, falls back to the cut-down cookie', async () => {
    const failing: FlashStore = { put: () => Promise.reject(new Error('database down')), take: () => Promise.reject(new Error('database down')) };
    const values = { title: 'x'.repeat(20_000) };
    const token = await sealFlash({ form: 'create', state: { status: 'invalid', message: 'Fix it.', fieldErrors: {}, values } }, secret, failing);
    expect(token.length).toBeLessThanOrEqual(3500);
    expect((await openFlash(token, secret, failing))?.state).toMatchObject({ status: 'invalid', values: { title: 'x'.repeat(300) } });
  });
});

const databases = await testDatabases();

describe.each(databases)('flashes too large for a cookie, kept on $name', (database) => {
  const fixture = useProductRepository(database);
  let store: FlashStore;
  beforeEach(async () => {
    await fixture.handle.db.execute(sql`truncate table form_flashes`);
    store = createFlashStore(fixture.handle.db);
  });

  it('brings back every character typed, up to the body limit, once', async () => {
    const title = `${'🥕'.repeat(1000)}${'x'.repeat(250_000)}`;
    const state = { status: 'invalid' as const, message: 'Title must be at most 200 characters.', fieldErrors: { title: ['Too long.'] }, values: { title, price: '1.00' } };
    const token = await sealFlash({ form: 'create', state }, secret, store);
    expect(token.length).toBeLessThanOrEqual(3500);
    expect(await openFlash(token, secret, store)).toEqual({ form: 'create', state });
    // One-time: the kept state is gone once shown; the cookie alone still carries the message.
    expect((await openFlash(token, secret, store))?.state).toMatchObject({ status: 'invalid', message: expect.stringContaining('at most 200') });
    expect(await store.take('not-a-uuid')).toBeNull();
  });
});

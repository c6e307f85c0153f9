import { describe, expect, it } from 'vitest';
import { openFlash, sealFlash } from './flash';

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

  it('fits a cookie: what was typed is cut down, the message survives', async () => {
    const values = { title: 'x'.repeat(20_000), price: 'y'.repeat(20_000) };
    const token = await sealFlash({ form: 'create', state: { status: 'failed', message: 'Nothing was saved.', values } }, secret);
    expect(token.length).toBeLessThanOrEqual(3500);
    const opened = await openFlash(token, secret);
    expect(opened?.state).toMatchObject({ status: 'failed', message: 'Nothing was saved.' });
  });
});

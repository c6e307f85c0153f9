/**
 * The security suite (issue 11), against real production servers (`npm start`'s
 * entry) with real PostgreSQL and Redis, each behind a proxy the suite can
 * break. Clients are played from other loopback addresses (127.0.0.x), so
 * the server sees them as other machines. Every case is recorded by kind and
 * written to test-results/security.md; each is also asserted (softly, so one
 * failure does not hide the others).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { products } from '@/db/schema';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { flashOf, hiddenFields } from '../support/html-forms';
import { requestFrom, type ClientResponse } from '../support/other-client';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { startTcpProxy, type TcpProxy } from '../../scripts/lib/tcp-proxy';
import { freePort } from '../../scripts/lib/free-port';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the security suite');
const skip = !servicesUp || !built;
if (skip) console.warn('\n!!! SKIPPING the security suite: it needs a production build, Redis and PostgreSQL. !!!\n');

const PASSWORD = 'security-suite-password';
type Kind = 'redirects' | 'limits' | 'sessions' | 'cookies' | 'status codes' | 'cross-site' | 'headers' | 'sign-in input';
const cases: Array<{ kind: Kind; label: string; held: boolean }> = [];

/** Records one case and asserts it softly. */
function held(kind: Kind, label: string, ok: boolean) {
  cases.push({ kind, label, held: ok });
  expect.soft(ok, `${kind}: ${label}`).toBe(true);
}

const cookieValue = (response: ClientResponse, name: string) =>
  response.headers['set-cookie']?.find((cookie) => cookie.startsWith(`${name}=`) && !cookie.startsWith(`${name}=;`));
const sessionOf = (response: ClientResponse) => cookieValue(response, 'catalog_session')?.split(';')[0];

describe.skipIf(skip)('security: sign-in, sessions, cookies, status codes, cross-site, headers', () => {
  let cacheProxy: TcpProxy;
  let databaseProxy: TcpProxy;
  let direct: DatabaseHandle;
  let main: NextServer;
  let behindProxy: NextServer;
  let plainHttp: NextServer;

  beforeAll(async () => {
    const databaseUrl = await ensureOwnDatabase('catalog_security');
    direct = await openDatabase({ url: databaseUrl, maxConnections: 2 });
    await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts restart identity`);
    await direct.db.insert(products).values([{ title: 'Security probe', price: '1.00' }]);
    const redisTarget = new URL(TEST_REDIS_URL);
    cacheProxy = await startTcpProxy({ port: await freePort(), targetPort: Number(redisTarget.port) || 6379, targetHost: redisTarget.hostname });
    const target = new URL(databaseUrl);
    databaseProxy = await startTcpProxy({ port: await freePort(), targetPort: Number(target.port) || 5432, targetHost: target.hostname });
    const proxied = new URL(databaseUrl);
    proxied.host = `127.0.0.1:${databaseProxy.port}`;
    const env = {
      DATABASE_URL: proxied.toString(),
      REDIS_URL: `redis://127.0.0.1:${cacheProxy.port}`,
      CACHE_PREFIX: `security-${randomUUID().slice(0, 8)}`,
      ADMIN_PASSWORD: PASSWORD,
      SESSION_SECRET: randomBytes(32).toString('hex'),
    };
    [main, behindProxy, plainHttp] = await Promise.all([
      startNextServer(undefined, env),
      startNextServer(undefined, { ...env, TRUST_PROXY: '1' }),
      startNextServer(undefined, { ...env, COOKIE_SECURE: '0' }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([main?.stop(), behindProxy?.stop(), plainHttp?.stop()]);
    await cacheProxy?.close();
    await databaseProxy?.close();
    await direct?.close();
    const kinds = [...new Set(cases.map((entry) => entry.kind))];
    const table = [
      '| kind | cases tried | held |',
      '|---|---|---|',
      ...kinds.map((kind) => {
        const ofKind = cases.filter((entry) => entry.kind === kind);
        return `| ${kind} | ${ofKind.length} | ${ofKind.filter((entry) => entry.held).length} |`;
      }),
      `| **all** | **${cases.length}** | **${cases.filter((entry) => entry.held).length}** |`,
      '',
      ...cases.map((entry) => `- ${entry.held ? 'held' : 'FAILED'} · ${entry.kind} · ${entry.label}`),
    ];
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync('test-results/security.md', `${table.join('\n')}\n`);
    console.info(table.slice(0, kinds.length + 3).join('\n'));
  });

  beforeEach(async () => {
    await direct.db.execute(sql`truncate table sign_in_attempts`);
  });

  /** The sign-in form's fields as the page renders them for `returnTo`. */
  async function signInForm(server: NextServer, returnTo = '/', from = '127.0.0.1', headers: Record<string, string> = {}) {
    const page = await requestFrom(from, `${server.url}/login?returnTo=${encodeURIComponent(returnTo)}`, { headers });
    // Everything the form posts but the password: its hidden fields and the first account's name.
    return { page, fields: [...hiddenFields(page.body, 'sign-in-heading'), ['name', 'admin']] as Array<[string, string]> };
  }

  async function signIn(server: NextServer, options: { password?: string; from?: string; returnTo?: string; headers?: Record<string, string> } = {}) {
    const { fields } = await signInForm(server, '/', options.from, options.headers);
    const withReturn = fields.map(([name, value]): [string, string] => (name === 'returnTo' && options.returnTo !== undefined ? [name, options.returnTo] : [name, value]));
    return requestFrom(options.from ?? '127.0.0.1', `${server.url}/login`, {
      fields: [...withReturn, ['password', options.password ?? PASSWORD]],
      headers: { origin: new URL(server.url).origin, ...options.headers },
    });
  }

  /** Whether a wrong-password attempt reached the password check ("not correct") rather than being refused first. */
  const checked = (response: ClientResponse) => flashOf(response.headers['set-cookie'])?.state.fieldErrors?.password?.[0] === 'That name and password do not match an editor.';
  const refusedForLimit = (response: ClientResponse) => /Too many failed sign-ins/.test(flashOf(response.headers['set-cookie'])?.state.message ?? '');

  /** Posts the create form as whoever holds `cookie`; true when the product now exists. */
  async function createWith(server: NextServer, cookie: string | undefined, headers: Record<string, string> = {}): Promise<{ created: boolean; response: ClientResponse }> {
    const owner = await signIn(server);
    const page = await requestFrom('127.0.0.1', `${server.url}/`, { headers: { cookie: sessionOf(owner)! } });
    const title = `Replay ${randomUUID().slice(0, 8)}`;
    const fields: Array<[string, string]> = [...hiddenFields(page.body, 'create-heading'), ['title', title], ['price', '1.00']];
    const response = await requestFrom('127.0.0.1', `${server.url}/`, { fields, headers: { origin: new URL(server.url).origin, ...(cookie ? { cookie } : {}), ...headers } });
    const [row] = await direct.db.select().from(products).where(sql`title = ${title}`);
    return { created: row !== undefined, response };
  }

  it('redirects: only same-origin paths survive sign-in, from the form field and from the address', async () => {
    const refused = [
      '//evil.example', '/\\evil.example', '/\\\\evil.example', '/%5Cevil.example', '/%5cevil.example', '/\t/evil.example', '/%09/evil.example',
      '/\n/evil.example', '/%0a/evil.example', '/%0d/evil.example', '/%00', 'https://evil.example/', 'http://evil.example', `${main.url}/`,
      'javascript:alert(1)', 'data:text/html,x', 'evil.example', '../admin', '///evil.example', '/\\/evil.example', ' //evil.example',
    ];
    for (const value of refused) {
      const response = await signIn(main, { returnTo: value });
      held('redirects', `sign-in returnTo ${JSON.stringify(value)} -> ${response.headers.location}`, response.status === 303 && response.headers.location === '/');
      const { fields } = await signInForm(main, value);
      held('redirects', `/login?returnTo=${JSON.stringify(value)} renders "/"`, fields.find(([name]) => name === 'returnTo')?.[1] === '/');
    }
    for (const [value, expected] of [['/?page=2&size=20', '/?page=2&size=20'], ['/login', '/login'], ['/?q=100%25', '/?q=100%25'], ['/a/../', '/']]) {
      const response = await signIn(main, { returnTo: value });
      held('redirects', `sign-in returnTo ${value} is kept`, response.headers.location === expected);
    }
  }, 120_000);

  it('limits: one client locked after 5 wrong passwords; the admin elsewhere signs in at once', async () => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await signIn(main, { from: '127.0.0.2', password: `wrong-${attempt}` });
      held('limits', `attacker attempt ${attempt} ${attempt <= 5 ? 'checked' : 'refused before the check'}`, attempt <= 5 ? checked(response) : refusedForLimit(response));
    }
    const attackerRight = await signIn(main, { from: '127.0.0.2' });
    held('limits', 'the locked client gets no session even with the right password', sessionOf(attackerRight) === undefined);
    const admin = await signIn(main, { from: '127.0.0.1' });
    held('limits', 'the admin from 127.0.0.1 signs in at once', sessionOf(admin) !== undefined && admin.headers.location === '/');
  }, 120_000);

  it('limits: 40 parallel wrong guesses lead to exactly 5 password checks', async () => {
    const { fields } = await signInForm(main, '/', '127.0.0.3');
    const origin = new URL(main.url).origin;
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) => requestFrom('127.0.0.3', `${main.url}/login`, { fields: [...fields, ['password', `wrong-${index}`]], headers: { origin } })),
    );
    held('limits', `40 parallel guesses: ${responses.filter(checked).length} checked (limit 5)`, responses.filter(checked).length === 5);
    held('limits', '40 parallel guesses: the other 35 refused before the check', responses.filter(refusedForLimit).length === 35);
  }, 120_000);

  it('limits: enforced while Redis refuses and while it hangs', async () => {
    for (const [mode, client, attempts] of [['refuse', '127.0.0.4', 10], ['hang', '127.0.0.5', 7]] as const) {
      await cacheProxy.setMode(mode);
      try {
        const results = [];
        for (let attempt = 1; attempt <= attempts; attempt += 1) results.push(await signIn(main, { from: client, password: `wrong-${attempt}` }));
        results.forEach((response, index) =>
          held('limits', `Redis ${mode}: attempt ${index + 1} ${index < 5 ? 'checked' : 'refused'}`, index < 5 ? checked(response) : refusedForLimit(response)),
        );
      } finally {
        await cacheProxy.setMode('forward');
      }
    }
  }, 120_000);

  it('limits: behind TRUST_PROXY=1, a forged left end of X-Forwarded-For is not a new client', async () => {
    const results = [];
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      results.push(await signIn(behindProxy, { password: `wrong-${attempt}`, headers: { 'x-forwarded-for': `6.6.6.${attempt}, 10.0.0.1` } }));
    }
    results.forEach((response, index) =>
      held('limits', `spoofed X-Forwarded-For attempt ${index + 1} ${index < 5 ? 'checked' : 'refused'}`, index < 5 ? checked(response) : refusedForLimit(response)),
    );
    const otherClient = await signIn(behindProxy, { password: 'wrong', headers: { 'x-forwarded-for': '6.6.6.6, 10.0.0.2' } });
    held('limits', 'the proxy-appended address decides the client (another one is checked)', checked(otherClient));
  }, 120_000);

  it('limits: guesses from many addresses slow the account but never refuse it', async () => {
    for (let attempt = 1; attempt <= 9; attempt += 1) {
      const response = await signIn(main, { from: `127.0.1.${attempt}`, password: 'wrong' });
      held('limits', `spread guess ${attempt} from 127.0.1.${attempt} is checked, not refused`, checked(response));
    }
    const admin = await signIn(main, { from: '127.0.0.1' });
    held('limits', 'the admin still signs in (slowed, not refused)', sessionOf(admin) !== undefined);
  }, 120_000);

  it('sessions: sign-out ends the session on the server; sign-out everywhere ends them all', async () => {
    const first = sessionOf(await signIn(main))!;
    const second = sessionOf(await signIn(main))!;
    held('sessions', 'a new session id on every sign-in', first !== second);
    held('sessions', 'the first session writes', (await createWith(main, first)).created);
    held('sessions', 'the second session writes', (await createWith(main, second)).created);

    const page = await requestFrom('127.0.0.1', `${main.url}/`, { headers: { cookie: first } });
    const signOutFields = hiddenFields(page.body, 'Sign out</button>');
    await requestFrom('127.0.0.1', `${main.url}/`, { fields: signOutFields, headers: { cookie: first, origin: new URL(main.url).origin } });
    held('sessions', 'a cookie saved before sign-out no longer writes', !(await createWith(main, first)).created);
    const afterSignOut = await requestFrom('127.0.0.1', `${main.url}/`, { headers: { cookie: first } });
    held('sessions', 'the signed-out cookie is shown "Sign in to edit", not "Signed in"', afterSignOut.body.includes('Sign in to edit') && !afterSignOut.body.includes('Signed in as'));
    held('sessions', 'the other session still writes', (await createWith(main, second)).created);

    const third = sessionOf(await signIn(main))!;
    const everywherePage = await requestFrom('127.0.0.1', `${main.url}/`, { headers: { cookie: third } });
    const everywhere = hiddenFields(everywherePage.body, 'Sign out everywhere</button>');
    await requestFrom('127.0.0.1', `${main.url}/`, { fields: everywhere, headers: { cookie: third, origin: new URL(main.url).origin } });
    held('sessions', '"sign out everywhere" ends the session it was pressed in', !(await createWith(main, third)).created);
    held('sessions', '"sign out everywhere" ends the other devices too', !(await createWith(main, second)).created);
  }, 120_000);

  it('sessions: forged, malformed, expired and fixated cookies are no session', async () => {
    for (const forged of ['catalog_session=garbage', 'catalog_session=', `catalog_session=${'A'.repeat(43)}`, "catalog_session=' or 1=1 --", 'catalog_session=eyJzdWIiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OTk5OX0.x']) {
      held('sessions', `a forged cookie ${JSON.stringify(forged.slice(0, 40))} cannot write`, !(await createWith(main, forged)).created);
    }
    const expiring = sessionOf(await signIn(main))!;
    await direct.db.execute(sql`update admin_sessions set expires_at = now() - interval '1 second'`);
    held('sessions', 'an expired session cannot write', !(await createWith(main, expiring)).created);
    const planted = `catalog_session=${'B'.repeat(43)}`;
    const response = await signIn(main, { headers: { cookie: planted } });
    held('sessions', 'a planted cookie is replaced on sign-in (no fixation)', sessionOf(response) !== undefined && sessionOf(response) !== planted);
  }, 120_000);

  it('cookies: attributes match the transport', async () => {
    const local = cookieValue(await signIn(main), 'catalog_session') ?? '';
    held('cookies', 'on localhost: Secure', /;\s*Secure/i.test(local));
    held('cookies', 'HttpOnly', /;\s*HttpOnly/i.test(local));
    held('cookies', 'SameSite=Strict', /;\s*SameSite=Strict/i.test(local));
    held('cookies', 'Path=/', /;\s*Path=\//i.test(local));

    const lan = { host: `192.168.1.10:${new URL(main.url).port}` };
    const loginPage = await requestFrom('127.0.0.1', `${main.url}/login`, { headers: lan });
    held('cookies', 'plain HTTP on a LAN address: /login says sign-in needs HTTPS', loginPage.body.includes('Sign-in needs HTTPS here'));
    const overHttp = await signIn(main, { headers: { ...lan, origin: `http://${lan.host}` } });
    held('cookies', 'plain HTTP on a LAN address: no session cookie is set', sessionOf(overHttp) === undefined);
    held('cookies', 'plain HTTP on a LAN address: the answer says why', /HTTPS/.test(flashOf(overHttp.headers['set-cookie'])?.state.message ?? ''));

    const forwarded = await signIn(main, { headers: { ...lan, origin: `http://${lan.host}`, 'x-forwarded-proto': 'https' } });
    held('cookies', 'X-Forwarded-Proto from an untrusted client is ignored', sessionOf(forwarded) === undefined);
    const viaProxy = await signIn(behindProxy, { headers: { host: `shop.example:${new URL(behindProxy.url).port}`, origin: `http://shop.example:${new URL(behindProxy.url).port}`, 'x-forwarded-proto': 'https' } });
    const viaProxyCookie = cookieValue(viaProxy, 'catalog_session') ?? '';
    held('cookies', 'HTTPS at a trusted proxy: signed in', viaProxyCookie !== '');
    held('cookies', 'HTTPS at a trusted proxy: the cookie is Secure', /;\s*Secure/i.test(viaProxyCookie));

    const optedOut = await signIn(plainHttp, { headers: { host: `192.168.1.10:${new URL(plainHttp.url).port}`, origin: `http://192.168.1.10:${new URL(plainHttp.url).port}` } });
    const optedOutCookie = cookieValue(optedOut, 'catalog_session') ?? '';
    held('cookies', 'COOKIE_SECURE=0 over plain HTTP: signed in', optedOutCookie !== '');
    held('cookies', 'COOKIE_SECURE=0: the cookie is not Secure', optedOutCookie !== '' && !/;\s*Secure/i.test(optedOutCookie));

    const failed = await signIn(main, { password: 'wrong' });
    const flash = cookieValue(failed, 'catalog_flash') ?? '';
    held('cookies', 'the flash cookie is HttpOnly', /;\s*HttpOnly/i.test(flash));
    held('cookies', 'the flash cookie is SameSite=Lax and short-lived', /;\s*SameSite=Lax/i.test(flash) && /Max-Age=60/i.test(flash));
  }, 120_000);

  it('status codes: 413, 404, 403, 503, 500, each readable', async () => {
    const origin = new URL(main.url).origin;
    const { fields } = await signInForm(main);
    const huge = await requestFrom('127.0.0.1', `${main.url}/login`, { fields: [...fields, ['password', 'x'.repeat(5 * 1024 * 1024)]], headers: { origin, accept: 'text/html' } });
    held('status codes', 'a 5 MB sign-in body: 413', huge.status === 413);
    held('status codes', 'a 5 MB sign-in body: a readable page', huge.body.includes('Too much to send'));
    const script = await requestFrom('127.0.0.1', `${main.url}/`, { fields: [['x', 'y'.repeat(300_000)]], headers: { origin, 'next-action': 'x' } });
    held('status codes', 'an oversized action from a script: 413 as text', script.status === 413 && script.headers['content-type']?.startsWith('text/plain') === true);
    const justUnder = await requestFrom('127.0.0.1', `${main.url}/login`, { fields: [...fields, ['password', 'x'.repeat(200_000)]], headers: { origin } });
    held('status codes', 'a 200 KB sign-in (under the limit): a clear refusal, not 413 or 500', justUnder.status === 303 && /too long/.test(JSON.stringify(flashOf(justUnder.headers['set-cookie']))));
    held('status codes', 'an unknown page: 404', (await requestFrom('127.0.0.1', `${main.url}/no-such-page`)).status === 404);
    held('status codes', 'the dev overlay API in production: 404', (await requestFrom('127.0.0.1', `${main.url}/api/dev/requests`)).status === 404);

    await databaseProxy.setMode('refuse');
    try {
      const page = await requestFrom('127.0.0.1', `${main.url}/?q=${randomUUID().slice(0, 8)}`);
      held('status codes', 'database down: the page answers 503', page.status === 503);
      held('status codes', 'database down: it says the database is unavailable', page.body.includes('Products are unavailable right now'));
      held('status codes', 'database down: /api/health answers 503', (await requestFrom('127.0.0.1', `${main.url}/api/health`)).status === 503);
      const signInDown = await signIn(main);
      held('status codes', 'database down: sign-in says so instead of failing with 500', signInDown.status === 303 && /database is unreachable/.test(flashOf(signInDown.headers['set-cookie'])?.state.message ?? ''));
    } finally {
      await databaseProxy.setMode('forward');
    }

    await direct.db.execute(sql`alter table products rename to products_hidden`);
    try {
      const broken = await requestFrom('127.0.0.1', `${main.url}/?q=${randomUUID().slice(0, 8)}`);
      held('status codes', 'an unexpected error: 500', broken.status === 500);
      held('status codes', 'an unexpected error: "Something went wrong", not "database unavailable"', broken.body.includes('Something went wrong') && !broken.body.includes('Products are unavailable'));
      held('status codes', 'an unexpected error: no stack trace', !/\n\s+at .+:\d+:\d+/.test(broken.body));
    } finally {
      await direct.db.execute(sql`alter table products_hidden rename to products`);
    }
  }, 120_000);

  it('cross-site: forms posted from another origin are refused with 403', async () => {
    const own = new URL(main.url);
    const foreignOrigins = [
      'https://evil.example', 'http://evil.example', 'null', `http://${own.hostname}.evil.example`, `http://${own.hostname}:1`,
      `http://localhost:${own.port}`, 'not a url', `https://${own.host}.evil.example`,
    ];
    const cookie = sessionOf(await signIn(main))!;
    for (const origin of foreignOrigins) {
      const viaSignIn = await signIn(main, { headers: { origin, accept: 'text/html' } });
      held('cross-site', `sign-in posted from ${origin}: 403`, viaSignIn.status === 403);
      const { created, response } = await createWith(main, cookie, { origin });
      held('cross-site', `create posted from ${origin} with a valid session: 403, nothing created`, response.status === 403 && !created);
    }
    held('cross-site', 'the 403 page is readable', (await signIn(main, { headers: { origin: 'https://evil.example', accept: 'text/html' } })).body.includes('posted from another site'));
    held('cross-site', 'same origin: sign-in works', sessionOf(await signIn(main)) !== undefined);
    held('cross-site', 'same origin: create works', (await createWith(main, cookie)).created);
  }, 120_000);

  it('sign-in input: malformed fields get a clear answer and change nothing', async () => {
    const { fields } = await signInForm(main);
    const origin = new URL(main.url).origin;
    const sessionsNow = async () => (await direct.db.execute(sql`select count(*)::int as n from admin_sessions`)) as unknown as Array<{ n: number }>;
    const before = (await sessionsNow())[0]!.n;
    const malformed: Array<[string, Array<[string, string]>]> = [
      ['no password field', fields],
      ['an empty password', [...fields, ['password', '']]],
      ['1,001 characters', [...fields, ['password', 'p'.repeat(1001)]]],
      ['200 KB', [...fields, ['password', 'p'.repeat(200_000)]]],
      ['a NUL byte', [...fields, ['password', 'pass\u0000word']]],
      ['control characters', [...fields, ['password', '\u0007\u001b[2J']]],
      ['SQL', [...fields, ['password', "' or '1'='1"]]],
      ['markup', [...fields, ['password', '<script>alert(1)</script>']]],
      ['right-to-left override', [...fields, ['password', `${PASSWORD}\u202e`]]],
      ['the password twice', [...fields, ['password', 'wrong'], ['password', PASSWORD]]],
      ['a forged returnTo', [...fields.filter(([name]) => name !== 'returnTo'), ['returnTo', '//evil.example'], ['password', 'wrong']]],
      ['no returnTo at all', [...fields.filter(([name]) => name !== 'returnTo'), ['password', 'wrong']]],
      ['extra fields (isAdmin=true)', [...fields, ['isAdmin', 'true'], ['role', 'admin'], ['password', 'wrong']]],
      ['the password with spaces around', [...fields, ['password', ` ${PASSWORD} `]]],
      ['upper-cased password', [...fields, ['password', PASSWORD.toUpperCase()]]],
      ['emoji', [...fields, ['password', '🔑🔑🔑']]],
      ['no name field', [...fields.filter(([name]) => name !== 'name'), ['password', PASSWORD]]],
      ['an empty name', [...fields.filter(([name]) => name !== 'name'), ['name', ''], ['password', PASSWORD]]],
      ['a name of markup', [...fields.filter(([name]) => name !== 'name'), ['name', '<b>admin</b>'], ['password', PASSWORD]]],
      ['a name of 41 characters', [...fields.filter(([name]) => name !== 'name'), ['name', 'a'.repeat(41)], ['password', PASSWORD]]],
      ['another name with the admin password', [...fields.filter(([name]) => name !== 'name'), ['name', 'root'], ['password', PASSWORD]]],
    ];
    for (const [index, [label, body]] of malformed.entries()) {
      const response = await requestFrom(`127.0.2.${index + 1}`, `${main.url}/login`, { fields: body, headers: { origin } });
      const answer = flashOf(response.headers['set-cookie'])?.state;
      const said = [answer?.message, ...Object.values(answer?.fieldErrors ?? {}).flat()].filter(Boolean).join(' ');
      held('sign-in input', `${label}: 303 with a message ("${said}") and no session`, response.status === 303 && said.length > 0 && !/Invalid input|expected/.test(said) && sessionOf(response) === undefined);
    }
    held('sign-in input', 'no session was created by any of them', (await sessionsNow())[0]!.n === before);
  }, 120_000);

  it('headers: a nonce-based Content-Security-Policy and the usual hardening on every page', async () => {
    for (const path of ['/', '/login', '/?q=leek', '/', '/?q=leek']) {
      const page = await requestFrom('127.0.0.1', `${main.url}${path}`);
      const policy = page.headers['content-security-policy'] as string | undefined;
      const scriptSrc = /script-src [^;]*/.exec(policy ?? '')?.[0] ?? '';
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
      // A page the page cache shares, its render (the miss) included, carries its ETag.
      const shared = page.headers.etag !== undefined;
      held('headers', `${path}: Content-Security-Policy present`, Boolean(policy));
      held('headers', `${path}: script-src has no 'unsafe-inline'`, scriptSrc !== '' && !scriptSrc.includes("'unsafe-inline'"));
      const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      if (shared) {
        // A shared page is the same bytes for everyone (issue 25): no nonce, each inline script allowed by its hash.
        const inline = scripts.filter(([, attributes]) => !/\bsrc=/.test(attributes!));
        const hashed = inline.every(([, , content]) => scriptSrc.includes(`'sha256-${createHash('sha256').update(content!).digest('base64')}'`));
        held('headers', `${path} (shared page, ${String(page.headers['x-page-cache'])}): no nonce anywhere, and each of ${inline.length} inline scripts listed by hash`, !nonce && !page.body.includes('nonce="') && !String(page.headers.link ?? '').includes('nonce=') && inline.length > 0 && hashed);
      } else {
        held('headers', `${path}: script-src uses a nonce`, Boolean(nonce));
        held('headers', `${path}: every one of ${scripts.length} scripts carries the nonce`, scripts.length > 0 && scripts.every(([tag]) => tag!.includes(`nonce="${nonce}"`)));
      }
      held('headers', `${path}: frame-ancestors 'none' and form-action 'self'`, /frame-ancestors 'none'/.test(policy ?? '') && /form-action 'self'/.test(policy ?? ''));
      held('headers', `${path}: X-Frame-Options DENY`, page.headers['x-frame-options'] === 'DENY');
      held('headers', `${path}: X-Content-Type-Options nosniff`, page.headers['x-content-type-options'] === 'nosniff');
      held('headers', `${path}: Referrer-Policy`, page.headers['referrer-policy'] === 'strict-origin-when-cross-origin');
      held('headers', `${path}: no X-Powered-By`, page.headers['x-powered-by'] === undefined);
    }
    const [a, b] = await Promise.all([requestFrom('127.0.0.1', `${main.url}/login`), requestFrom('127.0.0.1', `${main.url}/login`)]);
    held('headers', 'a new nonce for every rendered response', a.headers['content-security-policy'] !== b.headers['content-security-policy']);
    const health = await requestFrom('127.0.0.1', `${main.url}/api/health`);
    held('headers', '/api/health is never cached', health.headers['cache-control'] === 'no-store');
  }, 120_000);
});

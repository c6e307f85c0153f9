/**
 * Signed-in editors' list pages from the page cache (issue 25), as the
 * production build serves them against real PostgreSQL and Redis: the first
 * editor's view renders the template, every other editor's is a hit filled
 * in with their own name, nonce and form keys, and nothing of one editor's
 * page reaches another (test/support/editor-page-check.ts, whose broken
 * variants lib/page-cache/editor-template.test.ts shows caught). The
 * template is under the products generation: a write is on the next view.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { editors, products } from '@/db/schema';
import { setEditorDisabled } from '@/lib/auth/editors';
import { createCache, createRedisStore } from '@/lib/cache';
import { createProductRepository } from '@/lib/products/repository';
import { asHtmlText, asPayloadString, TEMPLATE_EDITOR_HEADER } from '@/lib/page-cache/editor-template';
import { createSession } from '@/lib/sessions/sessions';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { freePort } from '../../scripts/lib/free-port';
import { editorPageProblems, type EditorView } from '../support/editor-page-check';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the HTTP suite');
const skip = !servicesUp || !built;
if (skip) console.warn('\n!!! SKIPPING the editor pages suite: it needs a production build, Redis and PostgreSQL. !!!\n');

const CONFIG = { ADMIN_PASSWORD: randomBytes(12).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex') };
const ALICE = 'alice-tester';
const BOB = 'bob-tester';

interface Seen extends EditorView {
  pageCache: string;
  cacheControl: string;
}

describe.skipIf(skip)("signed-in editors' pages from the page cache", () => {
  let direct: DatabaseHandle;
  let server: NextServer;
  const prefix = `editor-pages-${randomUUID().slice(0, 8)}`;
  const sessions = new Map<string, string>();

  beforeAll(async () => {
    const databaseUrl = await ensureOwnDatabase('catalog_editor_pages');
    direct = await openDatabase({ url: databaseUrl, maxConnections: 2 });
    await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts, editors restart identity cascade`);
    await direct.db.insert(products).values(Array.from({ length: 30 }, (_, index) => ({ title: `Smoked Paprika ${index + 1}`, price: '2.00' })));
    for (const name of [ALICE, BOB]) {
      // A hash no password matches: these editors exist through their sessions only.
      const [editor] = await direct.db.insert(editors).values({ name, passwordHash: 'none: sessions only' }).returning();
      sessions.set(name, `catalog_session=${await createSession(direct.db, 3600, editor!, CONFIG)}`);
    }
    server = await startNextServer(await freePort(), { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, CACHE_PREFIX: prefix, ...CONFIG, WEB_CONCURRENCY: '1' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await direct?.close();
  });

  async function viewAs(editor: string, path = '/', headers: Record<string, string> = {}): Promise<Seen> {
    const response = await fetch(`${server.url}${path}`, { headers: { cookie: sessions.get(editor)!, ...headers } });
    expect(response.status).toBe(200);
    return {
      editor,
      html: await response.text(),
      contentSecurityPolicy: response.headers.get('content-security-policy') ?? '',
      link: response.headers.get('link') ?? undefined,
      pageCache: response.headers.get('x-page-cache') ?? '',
      cacheControl: response.headers.get('cache-control') ?? '',
    };
  }

  /** The page with what is its editor's own replaced by placeholders: the rows and forms every editor shares. */
  const shared = ({ editor, html }: EditorView) =>
    html
      .split(`<strong>${asHtmlText(editor)}</strong>`)
      .join('<strong>NAME</strong>')
      .split(`editorName\\":\\"${asPayloadString(editor)}\\"`)
      .join('editorName\\":\\"NAME\\"')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'KEY')
      .split(/'nonce-([^']+)'/.exec(html)?.[1] ?? /nonce="([^"]+)"/.exec(html)![1]!)
      .join('NONCE');

  it("renders the template once, then fills in every editor's own view, none carrying another's name, nonce or keys", async () => {
    const views = [await viewAs(ALICE), await viewAs(BOB), await viewAs(ALICE), await viewAs(BOB)];
    expect(views.map((view) => view.pageCache)).toEqual(['miss', 'hit', 'hit', 'hit']);
    expect(views.map((view) => view.cacheControl)).toEqual(Array(4).fill('private, no-store'));
    expect(editorPageProblems(views)).toEqual([]);
    // Next's preload header carries the nonce: it is there, so the check above looked at it.
    expect(views[1]!.link).toMatch(/nonce="/);
    // Apart from those, a hit is the rendered page itself.
    expect(new Set(views.map(shared)).size).toBe(1);
    expect(views[1]!.html).toContain('Smoked Paprika 30');
  });

  /** A view as sent on the wire (fetch would decode it), asking for gzip. */
  function gzipView(editor: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      http
        .get(`${server.url}/`, { headers: { cookie: sessions.get(editor)!, 'accept-encoding': 'gzip, deflate, br' }, agent: false }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  }

  it("sends an editor's hit gzip once the template's parts are deflated, each decoding to that editor's own page", async () => {
    await viewAs(ALICE);
    // The first hit that accepts gzip starts the deflation off the request path and is sent as identity.
    let ready = false;
    for (let attempt = 0; attempt < 500 && !ready; attempt += 1) {
      ready = (await gzipView(ALICE)).headers['content-encoding'] === 'gzip';
      if (!ready) await sleep(20);
    }
    expect(ready).toBe(true);
    const views: EditorView[] = [];
    for (const editor of [ALICE, BOB, ALICE]) {
      const { headers, body } = await gzipView(editor);
      expect([headers['content-encoding'], headers['x-page-cache'], headers['cache-control'], Number(headers['content-length'])]).toEqual(['gzip', 'hit', 'private, no-store', body.length]);
      const html = gunzipSync(body).toString('utf8');
      expect(body.length / Buffer.byteLength(html)).toBeLessThan(0.35);
      views.push({ editor, html, contentSecurityPolicy: String(headers['content-security-policy']), link: headers.link === undefined ? undefined : String(headers.link) });
    }
    expect(editorPageProblems(views)).toEqual([]);
    expect(new Set(views.map(shared)).size).toBe(1);
  });

  it('shows a write on the next view of every editor (the template lives under the generation)', async () => {
    await viewAs(BOB);
    const store = createRedisStore({ url: TEST_REDIS_URL });
    const repository = createProductRepository({ db: direct.db, cache: createCache({ store, prefix }), ttlSeconds: 300 });
    const title = `Fresh Sumac ${randomUUID().slice(0, 6)}`;
    await repository.create({ title, price: '3.00' });
    await store.close?.();
    const after = [await viewAs(BOB), await viewAs(ALICE)];
    expect(after.map((view) => view.pageCache)).toEqual(['miss', 'hit']);
    for (const view of after) expect(view.html).toContain(title);
    expect(editorPageProblems(after)).toEqual([]);
  });

  it('leaves a request with two session cookies to Next, which reads another one than the first', async () => {
    const twice = await viewAs(ALICE, '/', { cookie: `${sessions.get(ALICE)!}; ${sessions.get(BOB)!}` });
    expect(twice.pageCache).toBe('none');
  });

  it("never lets a request name the editor by the template header, and keeps visitors' and row views apart", async () => {
    const spoofed = await viewAs(ALICE, '/', { [TEMPLATE_EDITOR_HEADER]: `tpl${'0'.repeat(32)}` });
    expect(editorPageProblems([spoofed])).toEqual([]);
    const visitor = await fetch(`${server.url}/`).then((response) => response.text());
    expect(visitor).not.toContain(ALICE);
    expect(visitor).not.toContain('idempotencyKey');
    // A row's editor open (?edit=) is rendered for its editor alone.
    const editing = await viewAs(ALICE, '/?edit=1');
    expect(editing.pageCache).toBe('none');
    expect(editorPageProblems([editing])).toEqual([]);
  });

  it("gives a disabled editor's next view to Next, which shows a visitor's page", async () => {
    expect((await viewAs(BOB)).pageCache).toBe('hit');
    await setEditorDisabled(direct.db, BOB, true);
    const after = await viewAs(BOB);
    expect(after.pageCache).toBe('none');
    expect(after.html).not.toContain(BOB);
    expect(after.html).not.toContain('Signed in as');
  });
});

/**
 * Editors' page templates (editor-template.ts): made from a render whose
 * name is a marker, filled in per request with the editor's name escaped as
 * React and Next write it, a new nonce and new form keys. The page below has
 * the shape of the catalog page's render (Next 16): nonced scripts, the
 * create and bulk forms' hidden keys, and an RSC payload repeating the name,
 * the keys and the nonce. test/http/editor-pages.test.ts checks real pages.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { editorPageProblems, type EditorView } from '@/test/support/editor-page-check';
import type { CapturedPage } from './capture';
import { asHtmlText, asPayloadString, editorTemplate, fillTemplate, newMarker, templateDeflationsSettled, withName, type EditorTemplate } from './editor-template';

const NONCE = 'q7D9cZk1h2YbXw0vP3s4tA==';
const policy = (nonce: string) => `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`;

/** A render as Next writes it, with `name` as the editor's name and `keys` as the two forms' keys. */
function render(name: string, keys: [string, string], nonce = NONCE): CapturedPage {
  const body = [
    `<!DOCTYPE html><html><head><script src="/_next/static/chunks/main.js" async="" nonce="${nonce}"></script></head><body>`,
    `<span class="muted">Signed in as <strong>${asHtmlText(name)}</strong></span>`,
    `<form><input type="hidden" name="idempotencyKey" value="${keys[0]}"/><input name="title"/></form>`,
    `<table><tr><th>Smoked Paprika</th></tr></table>`,
    `<form><input type="hidden" name="idempotencyKey" value="${keys[1]}"/></form>`,
    `<script nonce="${nonce}">self.__next_f.push([1,"8:[\\"$\\",\\"$L17\\",null,{\\"listHref\\":\\"/\\",\\"editorName\\":\\"${asPayloadString(name)}\\"}]\\n9:{\\"idempotencyKey\\":\\"${keys[0]}\\",\\"nonce\\":\\"${nonce}\\"}\\na:{\\"idempotencyKey\\":\\"${keys[1]}\\"}\\n"])</script>`,
    `</body></html>`,
  ].join('');
  const link = `</_next/static/chunks/app.css>; rel=preload; as="style"; nonce="${nonce}"`;
  return { status: 200, headers: [['content-type', 'text/html; charset=utf-8'], ['content-security-policy', policy(nonce)], ['link', link], ['cache-control', 'private, no-cache']], body };
}

const keys = (): [string, string] => [randomUUID(), randomUUID()];

function templateOf(page: CapturedPage, marker: string): EditorTemplate {
  const template = editorTemplate(page, marker, NONCE);
  expect(template).not.toBeNull();
  return template!;
}

const view = (editor: string, template: EditorTemplate, nonce = newMarker().slice(3, 27)): EditorView => {
  const filled = fillTemplate(template, { name: editor, nonce });
  const header = (wanted: string) => filled.headers.find(([name]) => name === wanted)![1];
  return { editor, html: filled.body.toString('utf8'), contentSecurityPolicy: header('content-security-policy'), link: header('link') };
};

describe('editor page templates', () => {
  it('escapes a name as a real Next 16 render did, in the HTML and in the payload', () => {
    // Copied from the catalog page rendered for this editor (no validated name has these characters, ADMIN_NAME could).
    const name = `O'Brien <&> "q" \\ ü € 😀 \u2028`;
    expect(asHtmlText(name)).toBe(`O&#x27;Brien &lt;&amp;&gt; &quot;q&quot; \\ ü € 😀 \u2028`);
    expect(asPayloadString(name)).toBe(`O'Brien \\u003c\\u0026\\u003e \\\\\\"q\\\\\\" \\\\\\\\ ü € 😀 \\u2028`);
  });

  it('fills each editor in where the marker stood, with a new nonce and new keys every time', () => {
    const marker = newMarker();
    const original = keys();
    const template = templateOf(render(marker, original), marker);
    expect(template.body).not.toContain(NONCE);
    for (const key of original) expect(template.body).not.toContain(key);
    expect(template.headers.find(([name]) => name === 'cache-control')).toBeUndefined();

    const views = [view('alice', template), view(`O'Brien <&>`, template), view('alice', template)];
    expect(editorPageProblems(views)).toEqual([]);
    // Every other byte is the render's own.
    const rendered = render('alice', original).body;
    const normalise = (html: string) => html.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'KEY').replace(/nonce="[^"]*"|\\"nonce\\":\\"[^\\]*\\"/g, 'NONCE');
    expect(normalise(views[0]!.html)).toBe(normalise(rendered));
    const filled = fillTemplate(template, { name: 'alice', nonce: 'fresh' });
    expect(filled.headers).toContainEqual(['content-security-policy', policy('fresh')]);
    expect(filled.headers).toContainEqual(['link', '</_next/static/chunks/app.css>; rel=preload; as="style"; nonce="fresh"']);
    expect(filled.headers).toContainEqual(['cache-control', 'private, no-store']);
  });

  it('sends gzip once the template is deflated (identity until then), each editor with their own values, and identity to a request without gzip', async () => {
    const marker = newMarker();
    const template = templateOf(render(marker, keys()), marker);
    const header = (filled: ReturnType<typeof fillTemplate>, wanted: string) => filled.headers.find(([name]) => name === wanted)?.[1];
    // The first asks for the deflation and is not kept waiting for it: never compressed on a hit.
    const first = fillTemplate(template, { name: 'alice', nonce: 'first' }, 'gzip, deflate, br');
    expect(header(first, 'content-encoding')).toBeUndefined();
    await templateDeflationsSettled();
    const views = ['alice', `O'Brien <&>`, 'alice'].map((editor): EditorView => {
      const nonce = newMarker().slice(3, 27);
      const filled = fillTemplate(template, { name: editor, nonce }, 'gzip, deflate, br');
      expect(header(filled, 'content-encoding')).toBe('gzip');
      expect(header(filled, 'vary')).toBe('Accept-Encoding');
      const identity = fillTemplate(template, { name: editor, nonce }, undefined).body.toString('utf8');
      const html = gunzipSync(filled.body).toString('utf8');
      // The same page as identity apart from the form keys, which are new on every fill.
      expect(html.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'KEY')).toBe(identity.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'KEY'));
      return { editor, html, contentSecurityPolicy: header(filled, 'content-security-policy')!, link: header(filled, 'link')! };
    });
    expect(editorPageProblems(views)).toEqual([]);
    for (const refused of [undefined, 'br', 'gzip;q=0, br', 'identity']) expect(header(fillTemplate(template, { name: 'bob', nonce: 'n' }, refused), 'content-encoding')).toBeUndefined();
  });

  it("gives a template render's own request its page with the name put in and its own nonce and keys", () => {
    const marker = newMarker();
    const own = keys();
    const page = withName(render(marker, own).body, marker, 'alice').toString('utf8');
    expect(page).toBe(render('alice', own).body);
  });

  it('makes no template of a render without the name marker, without its nonce in the policy, or with a value cut apart', () => {
    const marker = newMarker();
    expect(editorTemplate(render('alice', keys()), marker, NONCE)).toBeNull();
    expect(editorTemplate({ ...render(marker, keys()), headers: [['content-security-policy', "script-src 'self'"]] }, marker, NONCE)).toBeNull();
    const cut = render(marker, keys());
    // A chunk boundary inside the marker: "tpl…" ends one script and the rest starts the next.
    const at = cut.body.lastIndexOf(marker) + 14;
    expect(editorTemplate({ ...cut, body: `${cut.body.slice(0, at)}"])</script><script>self.__next_f.push([1,"${cut.body.slice(at)}` }, marker, NONCE)).toBeNull();
    const key = randomUUID();
    const cutKey = render(marker, [key, randomUUID()]);
    expect(editorTemplate({ ...cutKey, body: cutKey.body.replace(`\\"idempotencyKey\\":\\"${key}`, `\\"idempotencyKey\\":\\"${key.slice(0, 20)}"])</script><script>self.__next_f.push([1,"${key.slice(20)}`) }, marker, NONCE)).toBeNull();
  });

  describe('the checker catches broken variants, every time', () => {
    const marker = newMarker();
    const template = templateOf(render(marker, keys()), marker);

    it("one editor's page served to another", () => {
      const alice = view('alice', template);
      expect(editorPageProblems([alice, { ...view('bob', template), html: alice.html }])).toEqual(expect.arrayContaining([expect.stringMatching(/view 1 \(bob\) does not say it is signed in as bob/), expect.stringMatching(/view 1 \(bob\) shows alice/), expect.stringMatching(/repeats form key/)]));
    });

    it('a template sent unfilled', () => {
      const unfilled: EditorView = { editor: 'bob', html: template.body, contentSecurityPolicy: template.headers.find(([name]) => name === 'content-security-policy')![1] };
      expect(editorPageProblems([view('alice', template), unfilled])).toEqual(expect.arrayContaining([expect.stringMatching(/template marker left/), expect.stringMatching(/does not say it is signed in as bob/)]));
    });

    it("a Link header left with the template render's nonce", () => {
      const stale = view('bob', template);
      expect(editorPageProblems([{ ...stale, link: `</_next/static/chunks/app.css>; rel=preload; as="style"; nonce="${NONCE}"` }])).toEqual([expect.stringMatching(/Link header carries nonce/)]);
    });

    it("one editor's two views with the same form keys, or the same nonce", () => {
      const first = view('alice', template, 'nonce-one');
      const again = fillTemplate(template, { name: 'alice', nonce: 'nonce-one' });
      const firstKeys = Array.from(first.html.matchAll(/name="idempotencyKey" value="([^"]*)"/g), (match) => match[1]!);
      const secondKeys = Array.from(again.body.toString('utf8').matchAll(/name="idempotencyKey" value="([^"]*)"/g), (match) => match[1]!);
      let repeated = again.body.toString('utf8');
      secondKeys.forEach((key, at) => (repeated = repeated.split(key).join(firstKeys[at]!)));
      const problems = editorPageProblems([first, { editor: 'alice', html: repeated, contentSecurityPolicy: policy('nonce-one') }]);
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/view 1 \(alice\) repeats form key/), expect.stringMatching(/has the nonce of view 0/)]));
    });
  });
});

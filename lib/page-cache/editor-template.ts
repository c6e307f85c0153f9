/**
 * A signed-in editor's list page as a template (issue 25): what every editor
 * sees alike (the rows, the forms) rendered once per list and generation,
 * with markers where each editor's own values go, filled in per request.
 *
 * What differs between two editors' renders of one list, found by comparing
 * them (editor-template.test.ts and test/http/editor-pages.test.ts keep
 * checking it): the editor's name, the CSP nonce, and the idempotency keys
 * of the create and bulk forms.
 * - The name is rendered as a marker: the template render's request carries
 *   TEMPLATE_EDITOR_HEADER and currentEditor() names the editor by it
 *   (lib/auth/session.ts) while the render runs. The marker is random, so no
 *   row can contain it, and one this process did not issue is ignored.
 * - The nonce and the keys are random too: the render's own are found (the
 *   CSP header, the forms' hidden idempotencyKey fields) and replaced by
 *   markers wherever they occur.
 * A fill puts in a new nonce, new keys, and the name escaped where each of
 * its markers stands, as React and Next escape a string there: HTML text
 * outside scripts; inside the RSC payload's scripts, a string in a JSON
 * string in a JavaScript string (Next's htmlEscapeJsonString on top).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { processSingleton } from '@/lib/process-singleton';
import type { CapturedPage } from './capture';
import { acceptedCodings } from './representations';
import { deflateParts, splicedGzip } from './spliced-gzip';

/** The request header of a template render: the name marker the page shows instead of the editor's name. */
export const TEMPLATE_EDITOR_HEADER = 'x-catalog-template-editor';
/** An editor's page is theirs alone: no cache may keep it (RFC 9111 §5.2.2.3, §5.2.2.7). */
export const EDITOR_CACHE_CONTROL = 'private, no-store';

export const newMarker = () => `tpl${randomBytes(16).toString('hex')}`;

/** Name markers of template renders running in this process: a header naming any other is not one. */
const issuedNames = processSingleton('page-cache.template-names', () => new Set<string>());

/** A name marker for one template render, honoured until `done` (call it when the render ended). */
export function issueNameMarker(): { marker: string; done: () => void } {
  const marker = newMarker();
  issuedNames.add(marker);
  return { marker, done: () => issuedNames.delete(marker) };
}

/** Whether `marker` (TEMPLATE_EDITOR_HEADER's value) was issued by this process for a render not yet ended. */
export const isIssuedNameMarker = (marker: string | null): marker is string => marker !== null && issuedNames.has(marker);

export interface EditorTemplate {
  status: number;
  /** The render's headers, the nonce's marker where the nonce was (the CSP, Next's Link header). */
  headers: Array<[string, string]>;
  body: string;
  /** The markers in `body` (and the CSP): the editor's name, the nonce, one per idempotency key. */
  markers: { name: string; nonce: string; keys: string[] };
}

/** What one editor's page is filled in with. */
export interface EditorValues {
  name: string;
  nonce: string;
}

const IDEMPOTENCY_KEY = /name="idempotencyKey" value="([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/g;

/** True when a piece of `secret` (one cut by a chunk boundary, say) is left in `text`: then no marker could stand for all of it. */
const pieceLeft = (text: string, secret: string) => text.includes(secret.slice(0, 8)) || text.includes(secret.slice(-8));

/**
 * The template of a render made with `nameMarker` as the editor's name and
 * `nonce` as its CSP nonce; null when it cannot be one (no name marker, a
 * policy without that nonce, or a value cut apart), so it is not kept.
 */
export function editorTemplate(page: CapturedPage, nameMarker: string, nonce: string): EditorTemplate | null {
  const policy = page.headers.find(([name]) => name === 'content-security-policy')?.[1];
  if (!policy?.includes(`'nonce-${nonce}'`) || !page.body.includes(nameMarker)) return null;
  const keys = [...new Set(Array.from(page.body.matchAll(IDEMPOTENCY_KEY), (match) => match[1]!))];
  const markers = { name: nameMarker, nonce: newMarker(), keys: keys.map(() => newMarker()) };
  let body = page.body;
  for (const [secret, marker] of [[nonce, markers.nonce], ...keys.map((key, at) => [key, markers.keys[at]!])] as Array<[string, string]>) {
    body = body.split(secret).join(marker);
    if (pieceLeft(body, secret)) return null;
  }
  if (pieceLeft(body.split(nameMarker).join(''), nameMarker.slice(3))) return null;
  // The nonce is in the policy and in Next's Link preload header: every header gets the marker.
  const headers = page.headers
    .filter(([name]) => name !== 'cache-control' && name !== 'vary' && name !== 'etag')
    .map(([name, value]): [string, string] => [name, value.split(nonce).join(markers.nonce)]);
  return { status: page.status, headers, body, markers };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const SCRIPT_ESCAPES: Record<string, string> = { '&': '\\u0026', '<': '\\u003c', '>': '\\u003e', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** `text` as React writes a text node or an attribute value (react-dom's escapeTextForBrowser). */
export const asHtmlText = (text: string) => text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);

/** `text` as a string inside the RSC payload's inline scripts: JSON in the payload row, the row a JSON string, HTML-safe. */
export const asPayloadString = (text: string) =>
  JSON.stringify(JSON.stringify(text).slice(1, -1))
    .slice(1, -1)
    .replace(/[&<>\u2028\u2029]/g, (character) => SCRIPT_ESCAPES[character]!);

/**
 * Whether a name can be filled in. React's payload writes a string that
 * starts with "$" as "$$" (its reference syntax), which a fill does not
 * repeat: such a name (editor names cannot have one, lib/validation/sign-in.ts)
 * gets a render of its own.
 */
export const fillableName = (name: string) => !name.startsWith('$');

type Slot = 'name in html' | 'name in script' | 'nonce' | number;

interface SplitBody {
  /** The body's text between markers, as bytes: parts[i] comes before slots[i]. */
  parts: Buffer[];
  slots: Slot[];
  /** Each part as raw deflate (spliced-gzip.ts), once made; being made while `deflating`. */
  deflated: Buffer[] | null;
  deflating: boolean;
  bytes: number;
}

/** `body` cut at each marker: the name's (as HTML or in a script), and the `others`. */
function split(body: string, name: string, others: Map<string, Slot>): SplitBody {
  const scripts = Array.from(body.matchAll(/<script\b[\s\S]*?<\/script>/g), (match) => [match.index, match.index + match[0].length] as const);
  const parts: Buffer[] = [];
  const slots: Slot[] = [];
  let from = 0;
  let script = 0;
  for (const match of body.matchAll(new RegExp([name, ...others.keys()].join('|'), 'g'))) {
    while (script < scripts.length && scripts[script]![1] <= match.index) script += 1;
    const inScript = script < scripts.length && scripts[script]![0] < match.index;
    parts.push(Buffer.from(body.slice(from, match.index), 'utf8'));
    slots.push(match[0] === name ? (inScript ? 'name in script' : 'name in html') : others.get(match[0])!);
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(body.slice(from), 'utf8'));
  return { parts, slots, deflated: null, deflating: false, bytes: parts.reduce((sum, part) => sum + part.length, 0) };
}

/** What goes in each of `body`'s slots, as bytes: `keys[i]` for slot i. */
function slotValues(body: SplitBody, name: string, nonce: string, keys: readonly string[]): Buffer[] {
  const text: Record<Exclude<Slot, number>, Buffer> = {
    'name in html': Buffer.from(asHtmlText(name), 'utf8'),
    'name in script': Buffer.from(asPayloadString(name), 'utf8'),
    nonce: Buffer.from(nonce, 'utf8'),
  };
  return body.slots.map((slot) => (typeof slot === 'number' ? Buffer.from(keys[slot]!, 'latin1') : text[slot]));
}

/** The bytes of `body` with `values` in its slots. */
function assemble(body: SplitBody, values: readonly Buffer[]): Buffer {
  const chunks: Buffer[] = [];
  values.forEach((value, at) => chunks.push(body.parts[at]!, value));
  chunks.push(body.parts[body.parts.length - 1]!);
  return Buffer.concat(chunks);
}

/** A template render's page as its own request gets it: `name` where `nameMarker` stands, the rest as rendered. */
export function withName(body: string, nameMarker: string, name: string): Buffer {
  const cut = split(body, nameMarker, new Map());
  return assemble(cut, slotValues(cut, name, '', []));
}

/** Templates split so far, by name marker (unique per template render); bounded by their bytes, deflated parts included (lru-cache). */
const splitTemplates = new LRUCache<string, SplitBody>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (entry) => Math.max(1, entry.bytes) });
const deflations = new Set<Promise<void>>();

/** Starts deflating `body`'s parts on zlib's pool, once; fills meanwhile are sent as identity (never compressed on a hit). */
function deflateLater(nameMarker: string, body: SplitBody): void {
  if (body.deflated || body.deflating) return;
  body.deflating = true;
  const done = deflateParts(body.parts)
    .then((deflated) => {
      body.deflated = deflated;
      body.bytes += deflated.reduce((sum, part) => sum + part.length, 0);
      // Set again so the LRU counts the added bytes (not when the template was dropped meanwhile).
      if (splitTemplates.peek(nameMarker) === body) splitTemplates.set(nameMarker, body);
    }, () => undefined)
    .finally(() => {
      body.deflating = false;
      deflations.delete(done);
    });
  deflations.add(done);
}

/** Settles when every deflation started so far has (tests: the next fill then finds it). */
export async function templateDeflationsSettled(): Promise<void> {
  while (deflations.size > 0) await Promise.all(deflations);
}

export interface FilledPage {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/**
 * `template` filled in for one request: `values`, and a new idempotency key
 * per form. Split once per template and process; gzip when `acceptEncoding`
 * accepts it and the template's parts are deflated (spliced-gzip.ts; the
 * first such request starts that, off the request path). No Brotli: its
 * streams cannot be spliced this way.
 */
export function fillTemplate(template: EditorTemplate, values: EditorValues, acceptEncoding?: string | string[]): FilledPage {
  const { name, nonce, keys } = template.markers;
  let body = splitTemplates.get(name);
  if (!body) splitTemplates.set(name, (body = split(template.body, name, new Map<string, Slot>([[nonce, 'nonce'], ...keys.map((key, at): [string, Slot] => [key, at])]))));
  const headers = template.headers.map(([header, value]): [string, string] => [header, value.split(nonce).join(values.nonce)]);
  headers.push(['cache-control', EDITOR_CACHE_CONTROL], ['vary', 'Accept-Encoding']);
  const slots = slotValues(body, values.name, values.nonce, keys.map(() => randomUUID()));
  const page = assemble(body, slots);
  if (acceptEncoding && acceptedCodings(Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding).gzip) {
    if (body.deflated) {
      headers.push(['content-encoding', 'gzip']);
      return { status: template.status, headers, body: splicedGzip(body.deflated, slots, page) };
    }
    deflateLater(name, body);
  }
  return { status: template.status, headers, body: page };
}

/**
 * The checker of issue 25's promise for signed-in editors' pages: each view
 * is its own editor's, and nothing personal is shared between views.
 *
 * For every view (an editor's name, the page's HTML and its CSP header):
 * - the page names its editor, in the HTML and in the RSC payload, and no
 *   other editor of the run anywhere;
 * - no template marker is left (a page not filled in);
 * - every script nonce (and the Link header's) is the one its CSP names, and
 *   no two views share a nonce;
 * - no idempotency key of a form appears in two views (one editor's two
 *   views included), and each key of a view is in its payload as well.
 * editor-template.test.ts shows it catching broken variants.
 */
import { asHtmlText, asPayloadString } from '@/lib/page-cache/editor-template';

export interface EditorView {
  editor: string;
  html: string;
  contentSecurityPolicy: string;
  /** The Link header (Next's preloads carry the nonce), when there is one. */
  link?: string;
}

const KEY = /name="idempotencyKey" value="([^"]*)"/g;

/** What is wrong with `views`, one line per problem; [] when nothing is. */
export function editorPageProblems(views: readonly EditorView[]): string[] {
  const problems: string[] = [];
  const names = [...new Set(views.map((view) => view.editor))];
  const keysSeen = new Map<string, number>();
  const noncesSeen = new Map<string, number>();
  views.forEach((view, at) => {
    const label = `view ${at} (${view.editor})`;
    if (!view.html.includes(`Signed in as <strong>${asHtmlText(view.editor)}</strong>`)) problems.push(`${label} does not say it is signed in as ${view.editor}`);
    if (!view.html.includes(`editorName\\":\\"${asPayloadString(view.editor)}\\"`)) problems.push(`${label}'s payload does not name ${view.editor}`);
    for (const other of names) {
      if (other !== view.editor && (view.html.includes(asHtmlText(other)) || view.html.includes(asPayloadString(other)))) problems.push(`${label} shows ${other}`);
    }
    if (/tpl[0-9a-f]{32}/.test(view.html) || /tpl[0-9a-f]{32}/.test(view.contentSecurityPolicy)) problems.push(`${label} has a template marker left in it`);
    const nonce = /'nonce-([^']+)'/.exec(view.contentSecurityPolicy)?.[1];
    if (!nonce) problems.push(`${label}'s policy has no nonce`);
    const nonces = new Set(Array.from(view.html.matchAll(/ nonce="([^"]*)"/g), (match) => match[1]!));
    if (nonce && (nonces.size !== 1 || !nonces.has(nonce))) problems.push(`${label}'s scripts carry nonces ${[...nonces].join(', ')}, its policy names ${nonce}`);
    for (const linked of (view.link ?? '').matchAll(/nonce="([^"]*)"/g)) if (linked[1] !== nonce) problems.push(`${label}'s Link header carries nonce ${linked[1]}, its policy names ${nonce}`);
    if (nonce && noncesSeen.has(nonce)) problems.push(`${label} has the nonce of view ${noncesSeen.get(nonce)}`);
    if (nonce) noncesSeen.set(nonce, at);
    const keys = Array.from(view.html.matchAll(KEY), (match) => match[1]!);
    if (keys.length === 0) problems.push(`${label} has no form key`);
    for (const key of keys) {
      if (keysSeen.has(key)) problems.push(`${label} repeats form key ${key} of view ${keysSeen.get(key)}`);
      keysSeen.set(key, at);
      if (view.html.split(key).length - 1 < 2) problems.push(`${label}'s form key ${key} is not in its payload`);
    }
  });
  return problems;
}

/**
 * Reads a server-rendered form's fields out of HTML, as a browser without
 * JavaScript would post them (hidden action ids included), for tests that
 * talk to the app over plain HTTP.
 */

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#x27;': "'", '&#39;': "'" };
const decode = (text: string) => text.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (entity) => ENTITIES[entity] ?? entity);

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) found[match[1]!] = decode(match[2]!);
  return found;
}

/** The hidden fields of the first <form> whose opening tag or body contains `marker`. */
export function hiddenFields(html: string, marker: string): Array<[string, string]> {
  for (const form of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)) {
    if (!form[0].includes(marker)) continue;
    return [...form[0].matchAll(/<input\b[^>]*>/g)]
      .map((input) => attributes(input[0]))
      .filter((input) => input.type === 'hidden' && input.name)
      .map((input) => [input.name!, input.value ?? ''] as [string, string]);
  }
  throw new Error(`no form containing ${marker}`);
}

/** The outcome a flash cookie carries (its JWT payload, unverified: for reading test results only). */
export function flashOf(setCookie: string[] | undefined): { form: string; state: { status: string; message?: string; fieldErrors?: Record<string, string[]> } } | null {
  const cookie = setCookie?.find((value) => value.startsWith('catalog_flash=') && !value.startsWith('catalog_flash=;'));
  if (!cookie) return null;
  const token = cookie.slice('catalog_flash='.length).split(';')[0]!;
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

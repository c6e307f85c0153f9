/**
 * Spliced gzip (spliced-gzip.ts): parts deflated once, values stored per
 * response, the whole a gzip member any decoder reads back byte for byte.
 * The broken variant deflates each part as a finished stream (as a plain
 * deflateRaw does): a decoder then stops after the first part, and the
 * check catches it.
 */
import { promisify } from 'node:util';
import { deflateRaw, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateParts, splicedGzip } from './spliced-gzip';

const interleaved = (parts: Buffer[], values: Buffer[]) => Buffer.concat(parts.flatMap((part, at) => (at < values.length ? [part, values[at]!] : [part])));

/** What a decoder reads back of the splice, or its error. */
const decoded = (gzip: Buffer) => {
  try {
    return gunzipSync(gzip);
  } catch (error) {
    return error as Error;
  }
};

const cases: Array<{ label: string; parts: string[]; values: string[] }> = [
  { label: 'a page with short values', parts: ['<html><body>Signed in as <strong>', '</strong><form>'.repeat(300), '</form></body></html>'], values: ['alice', 'q7D9cZk1h2YbXw0vP3s4tA=='] },
  { label: 'empty parts and empty values', parts: ['', 'rows', '', ''], values: ['', 'x', ''] },
  { label: 'multi-byte text on both sides', parts: ['ü € 😀 '.repeat(2000), '\u2028 rows'], values: ['O&#x27;Brien &lt;&amp;&gt; 😀'] },
  { label: 'a value longer than one stored block (65,535 bytes)', parts: ['head', 'tail'], values: ['v'.repeat(150_000)] },
  { label: 'one part and no value', parts: ['only '.repeat(1000)], values: [] },
];

describe('splicedGzip', () => {
  for (const { label, parts, values } of cases) {
    it(`decodes to the identity page: ${label}`, async () => {
      const partBytes = parts.map((part) => Buffer.from(part, 'utf8'));
      const valueBytes = values.map((value) => Buffer.from(value, 'utf8'));
      const page = interleaved(partBytes, valueBytes);
      const gzip = splicedGzip(await deflateParts(partBytes), valueBytes, page);
      expect(decoded(gzip)).toEqual(page);
    });
  }

  it('compresses a page of repeated rows to a small share of it', async () => {
    const row = (index: number) => `<tr><td>Product ${index}</td><td><input name="price" value="${index}.00"/></td></tr>`;
    const parts = [Array.from({ length: 500 }, (_, index) => row(index)).join(''), Array.from({ length: 500 }, (_, index) => row(index + 500)).join('')].map((part) => Buffer.from(part));
    const values = [Buffer.from('alice')];
    const page = interleaved(parts, values);
    const gzip = splicedGzip(await deflateParts(parts), values, page);
    expect(gzip.length / page.length).toBeLessThan(0.2);
  });

  it('refuses values that do not go between parts', async () => {
    const deflated = await deflateParts([Buffer.from('a'), Buffer.from('b')]);
    expect(() => splicedGzip(deflated, [], Buffer.from('ab'))).toThrow(/one value goes between each two parts/);
  });

  it('the checker catches the broken variant, parts deflated as finished streams, every time', async () => {
    const finished = promisify(deflateRaw);
    for (const { parts, values } of cases.filter((entry) => entry.parts.length > 1)) {
      const partBytes = parts.map((part) => Buffer.from(part, 'utf8'));
      const valueBytes = values.map((value) => Buffer.from(value, 'utf8'));
      const page = interleaved(partBytes, valueBytes);
      const broken = splicedGzip(await Promise.all(partBytes.map((part) => finished(part))), valueBytes, page);
      expect(decoded(broken)).not.toEqual(page);
    }
  });
});

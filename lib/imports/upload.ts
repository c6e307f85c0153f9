/**
 * Receiving an uploaded file: read it once (lib/csv/product-import.ts), and
 * keep it, or only why it cannot be imported, so that its preview page has a
 * stable address and the apply may be answered by any worker or host.
 */
import type { Database } from '@/db/client';
import { parseProductCsv } from '@/lib/csv/product-import';
import type { Actor } from '@/lib/products/history';
import { fileDigest, rowsDigest } from './plan';
import { storeUpload } from './store';

const MAX_FILE_NAME = 120;

/** The name a browser sent, as a label: no folders, no control characters, at most 120 characters. */
export function uploadLabel(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return base.slice(0, MAX_FILE_NAME) || 'upload.csv';
}

/**
 * Keeps `bytes` (named `name`) as an upload by `by`; returns its id. A file
 * that cannot be read is kept as its refusal only. A readable file's digest
 * is its rows' (plan.ts rowsDigest), so re-saving it does not make it new.
 */
export async function receiveUpload(db: Database, name: string, bytes: Uint8Array, by: Actor): Promise<number> {
  const parsed = parseProductCsv(bytes);
  const digest = parsed.ok ? rowsDigest(parsed.rows) : fileDigest(bytes);
  return storeUpload(db, { fileName: uploadLabel(name), bytes, fileDigest: digest, refusal: parsed.ok ? null : parsed.message, by });
}

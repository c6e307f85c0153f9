import limits from './request-limits.json';

/**
 * The largest body a form may post, in bytes: the largest legitimate form is
 * a bulk action on 1,000 ticked rows (about 120 KB as multipart). It is the
 * framework's server-action body limit (next.config.mjs reads the same JSON),
 * proxy.ts answers anything larger with 413, and forms refuse to send more
 * (components/forms/ActionForm.tsx).
 */
export const MAX_ACTION_BODY_BYTES: number = limits.maxActionBodyBytes;

/** The largest CSV file an import takes, in bytes (8 MiB: about 230,000 products as the export writes them). */
export const MAX_IMPORT_FILE_BYTES: number = limits.maxImportFileBytes;

/**
 * The largest body posted to IMPORT_UPLOAD_PATH, in bytes: the largest file
 * and 64 KiB for the multipart framing around it, so a file just under the
 * limit is never refused for its envelope. Under the 10 MB Next's proxy
 * buffers of a body (experimental.proxyClientMaxBodySize, set to it in
 * next.config.mjs), so an upload is never silently cut short.
 */
export const MAX_IMPORT_BODY_BYTES: number = limits.maxImportBodyBytes;
/** Where an import's file is posted (app/imports/upload/route.ts). */
export const IMPORT_UPLOAD_PATH: string = limits.importUploadPath;

/** The body limit for a POST to `pathname`. */
export const bodyLimitFor = (pathname: string): number => (pathname === IMPORT_UPLOAD_PATH ? MAX_IMPORT_BODY_BYTES : MAX_ACTION_BODY_BYTES);

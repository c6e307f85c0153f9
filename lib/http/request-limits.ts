import limits from './request-limits.json';

/**
 * The largest body a form may post, in bytes: the largest legitimate form is
 * a bulk action on 1,000 ticked rows (about 120 KB as multipart). It is the
 * framework's server-action body limit (next.config.mjs reads the same JSON),
 * proxy.ts answers anything larger with 413, and forms refuse to send more
 * (components/forms/ActionForm.tsx).
 */
export const MAX_ACTION_BODY_BYTES: number = limits.maxActionBodyBytes;

/**
 * Refusals proxy.ts answers before the app runs, each with its honest status
 * (RFC 9110): a readable page for a browser that posted a form without
 * JavaScript, plain text for scripts and the React client.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { bodyLimitFor, IMPORT_UPLOAD_PATH } from './request-limits';
import { tooLargeFileMessage } from './byte-size';
import { escapeHtml } from './escape-html';


function refusal(request: NextRequest, status: number, title: string, message: string): NextResponse {
  const wantsHtml = (request.headers.get('accept') ?? '').includes('text/html') && !request.headers.has('next-action');
  const headers = { connection: 'close', 'cache-control': 'no-store' };
  if (!wantsHtml) return new NextResponse(message, { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  const back = escapeHtml(request.nextUrl.pathname + request.nextUrl.search);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Product catalog</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="${back}">Back to the catalog</a></p></body></html>`;
  return new NextResponse(html, { status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

/** 413 Content Too Large: more than any form of the app can legitimately send. */
export function tooLargeResponse(request: NextRequest): NextResponse {
  if (request.nextUrl.pathname === IMPORT_UPLOAD_PATH) {
    return refusal(request, 413, 'File too large', tooLargeFileMessage(null, 'nothing was read'));
  }
  const limitKb = Math.round(bodyLimitFor(request.nextUrl.pathname) / 1024);
  return refusal(
    request,
    413,
    'Too much to send',
    `That form sent more than ${limitKb} KB, more than any form here needs, so nothing was saved. Go back, shorten what you entered, and try again.`,
  );
}

/** 403 Forbidden: a form posted to this site from another one. */
export function crossSiteResponse(request: NextRequest): NextResponse {
  return refusal(request, 403, 'Refused: posted from another site', 'This form was sent from another website, so it was refused and nothing was changed.');
}

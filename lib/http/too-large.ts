/**
 * 413 Content Too Large (RFC 9110 §15.5.14) for a form post bigger than any
 * form of the app can legitimately send: a readable page for a browser that
 * posted without JavaScript, plain text for a script.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { MAX_ACTION_BODY_BYTES } from '@/lib/forms/request-limits';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

export function tooLargeResponse(request: NextRequest): NextResponse {
  const limitKb = Math.round(MAX_ACTION_BODY_BYTES / 1024);
  const message = `That form sent more than ${limitKb} KB, more than any form here needs, so nothing was saved.`;
  const wantsHtml = (request.headers.get('accept') ?? '').includes('text/html') && !request.headers.has('next-action');
  if (!wantsHtml) return new NextResponse(message, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' } });
  const back = escapeHtml(request.nextUrl.pathname + request.nextUrl.search);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too much to send · Product catalog</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>Too much to send</h1><p>${escapeHtml(message)} Go back, shorten what you entered, and try again.</p><p><a href="${back}">Back to the catalog</a></p></body></html>`;
  return new NextResponse(html, { status: 413, headers: { 'content-type': 'text/html; charset=utf-8', connection: 'close' } });
}

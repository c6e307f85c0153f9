/**
 * Next 16's proxy (formerly middleware), in front of every page and action:
 * - refuses request bodies larger than any form needs (413) and forms posted
 *   from another site (403), with a readable page;
 * - sends a list address to its canonical form (308), so a view has one
 *   address (and one page-cache entry);
 * - gives every production page a Content-Security-Policy with its own nonce;
 * - clears the one-time flash cookie on the page request that shows it;
 * - in development, tags every request for the dev overlay (lib/dev-overlay/proxy-hook.ts);
 *   in production it makes sure the overlay's API does not exist.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { FLASH_COOKIE, FLASH_HEADER } from '@/lib/forms/flash';
import { canonicalListAddress } from '@/lib/validation/list-url';
import { bodyLimitFor } from '@/lib/http/request-limits';
import { contentSecurityPolicy, newNonce } from '@/lib/http/content-security-policy';
import { crossSiteResponse, tooLargeResponse } from '@/lib/http/refusals';
import { crossSitePost } from '@/lib/http/same-origin';

const isDevApi = (pathname: string) => pathname === '/api/dev' || pathname.startsWith('/api/dev/');

function declaredBodyBytes(request: NextRequest): number {
  const length = Number(request.headers.get('content-length'));
  return Number.isFinite(length) ? length : 0;
}

export async function proxy(request: NextRequest) {
  if (request.method === 'POST' && declaredBodyBytes(request) > bodyLimitFor(request.nextUrl.pathname)) return tooLargeResponse(request);
  if (crossSitePost(request.method, request.headers.get('origin'), request.headers.get('host'))) return crossSiteResponse(request);
  // One address per list view: a GET form's empty or default fields, a search's capitals, … go.
  // A document request only: a client navigation (RSC) or prefetch renders as asked.
  if (request.method === 'GET' && request.nextUrl.pathname === '/' && !request.headers.has('rsc') && !request.headers.has('next-router-prefetch')) {
    const canonical = canonicalListAddress(request.nextUrl.search);
    if (canonical) return NextResponse.redirect(new URL(canonical, request.url), 308);
  }
  const devApi = isDevApi(request.nextUrl.pathname);
  // A literal NODE_ENV check: a production build folds it to false and bundles none of the overlay.
  const overlay = process.env.NODE_ENV === 'development' ? await import('@/lib/dev-overlay/proxy-hook') : null;
  if (devApi && !overlay?.devOverlayEnabled()) return new NextResponse('Not Found', { status: 404 });

  const requestHeaders = new Headers(request.headers);
  // A flash is shown by the page request that follows its redirect, and only by that one.
  // It travels to the render in a header: a cookie deleted here is also deleted from the render's view.
  requestHeaders.delete(FLASH_HEADER);
  const flash = request.method === 'GET' ? request.cookies.get(FLASH_COOKIE)?.value : undefined;
  if (flash) requestHeaders.set(FLASH_HEADER, flash);
  // Development needs eval and inline scripts for hot reload: the policy is for builds.
  const policy = process.env.NODE_ENV === 'production' ? contentSecurityPolicy(newNonce()) : null;
  if (policy) requestHeaders.set('content-security-policy', policy);
  // The overlay's own polling is not what the developer wants to see in History.
  const finishDevRequest = overlay?.devOverlayEnabled() && !devApi ? overlay.beginDevRequest(request, requestHeaders) : null;

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (policy) response.headers.set('content-security-policy', policy);
  if (flash) response.cookies.delete(FLASH_COOKIE);
  finishDevRequest?.(response);
  return response;
}

export const config = {
  // Not Next's own assets and hot-reload traffic: only requests the app serves.
  matcher: ['/((?!_next/|favicon.ico|icon.svg).*)'],
};

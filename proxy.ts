/**
 * Next 16's proxy (formerly middleware). Today its only job is the dev
 * overlay: in development it tags every request with an id (see
 * lib/dev-overlay/proxy-hook.ts). In production it does nothing except make
 * sure the overlay's API does not exist.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { DEV_API_PREFIX } from '@/lib/dev-overlay/constants';
import { devOverlayEnabled } from '@/lib/dev-overlay/enabled';
import { beginDevRequest } from '@/lib/dev-overlay/proxy-hook';

const isDevApi = (pathname: string) => pathname === DEV_API_PREFIX || pathname.startsWith(`${DEV_API_PREFIX}/`);

export function proxy(request: NextRequest) {
  const devApi = isDevApi(request.nextUrl.pathname);
  if (!devOverlayEnabled()) {
    return devApi ? new NextResponse('Not Found', { status: 404 }) : NextResponse.next();
  }
  // The overlay's own polling is not what the developer wants to see in History.
  if (devApi) return NextResponse.next();
  return beginDevRequest(request);
}

export const config = {
  // Not Next's own assets and hot-reload traffic: only requests the app serves.
  matcher: ['/((?!_next/|favicon.ico).*)'],
};

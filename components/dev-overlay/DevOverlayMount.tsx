/**
 * Server side of the overlay: hands the client pill the id of the request
 * being rendered, which proxy.ts put in the request headers. Imported by
 * app/layout.tsx only inside a NODE_ENV === 'development' branch, so a
 * production build never reaches this module or the client code below it.
 */
import { headers } from 'next/headers';
import { REQUEST_ID_HEADER } from '@/lib/dev-overlay/constants';
import { devOverlayEnabled } from '@/lib/dev-overlay/enabled';
import { DevOverlay } from './DevOverlay';

export async function DevOverlayMount() {
  if (!devOverlayEnabled()) return null;
  const requestId = (await headers()).get(REQUEST_ID_HEADER);
  return <DevOverlay requestId={requestId} />;
}

/**
 * The one-time flash: how an action posted without JavaScript hands its
 * outcome to the page it redirects to (Post/Redirect/Get). It is a short-lived
 * cookie holding a signed JWT (jose, HS256), so nobody can plant a message
 * the app never wrote; proxy.ts clears it on the next page request and
 * passes it to that request's render, which shows it.
 */
import { jwtVerify, SignJWT } from 'jose';
import type { ActionState } from './action-state';

export const FLASH_COOKIE = 'catalog_flash';
/** How proxy.ts hands the flash to the render while clearing the cookie (clients cannot plant it: proxy.ts overwrites it). */
export const FLASH_HEADER = 'x-catalog-flash';
export const FLASH_MAX_AGE_SECONDS = 60;
/** Browsers keep cookies up to about 4 KB; beyond this the typed values are left out. */
const MAX_TOKEN_BYTES = 3500;
const MAX_ECHOED_VALUE_LENGTH = 300;

export interface Flash {
  /** Which form the outcome belongs to: 'create', 'bulk', 'edit:12', 'delete:12', 'sign-in', … */
  form: string;
  state: ActionState;
}

/** The state with what it echoes cut down to fit a cookie; messages always survive. */
function compact(state: ActionState, level: 0 | 1 | 2): ActionState {
  if (level === 0 || !('values' in state)) return state;
  const values = Object.fromEntries(
    Object.entries(state.values).map(([name, value]) => [name, level === 1 ? value.slice(0, MAX_ECHOED_VALUE_LENGTH) : '']),
  );
  const trimmed = { ...state, values };
  if (trimmed.status === 'confirm' && level === 2) trimmed.selection = { ids: [], preview: [] };
  return trimmed;
}

export async function sealFlash(flash: Flash, secret: Uint8Array): Promise<string> {
  for (const level of [0, 1, 2] as const) {
    const token = await new SignJWT({ form: flash.form, state: compact(flash.state, level) })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(`${FLASH_MAX_AGE_SECONDS}s`)
      .sign(secret);
    if (token.length <= MAX_TOKEN_BYTES || level === 2) return token;
  }
  throw new Error('unreachable');
}

/** The flash in `token`, or null when it is missing, forged, expired or malformed. */
export async function openFlash(token: string | undefined, secret: Uint8Array): Promise<Flash | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    const { form, state } = payload as { form?: unknown; state?: unknown };
    if (typeof form !== 'string' || typeof state !== 'object' || state === null || !('status' in state)) return null;
    return { form, state: state as ActionState };
  } catch {
    return null;
  }
}

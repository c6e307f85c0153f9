/**
 * The one-time flash: how an action posted without JavaScript hands its
 * outcome to the page it redirects to (Post/Redirect/Get). It is a short-lived
 * cookie holding a signed JWT (jose, HS256), so nobody can plant a message
 * the app never wrote; proxy.ts clears it on the next page request and
 * passes it to that request's render, which shows it.
 *
 * An outcome too large for a cookie (what the person typed, echoed back) is
 * kept in a FlashStore (flash-store.ts) and the cookie carries its id, so
 * nothing typed is lost. Only when the store fails too are long values cut,
 * and the message then says so.
 */
import { jwtVerify, SignJWT } from 'jose';
import type { ActionState } from './action-state';
import type { FlashStore } from './flash-store';

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

const CUT_NOTE = 'What you typed was too long to bring back here, so it was shortened.';

/** The state with what it echoes cut down to fit a cookie; messages always survive, and say when values were cut. */
function compact(state: ActionState, level: 0 | 1 | 2): ActionState {
  if (level === 0 || !('values' in state)) return state;
  const values = Object.fromEntries(
    Object.entries(state.values).map(([name, value]) => [name, level === 1 ? value.slice(0, MAX_ECHOED_VALUE_LENGTH) : '']),
  );
  const cut = Object.entries(state.values).some(([name, value]) => values[name] !== value);
  const trimmed = { ...state, values, ...(cut && { message: `${state.message} ${CUT_NOTE}` }) };
  if (trimmed.status === 'confirm' && level === 2) trimmed.selection = { ids: [], preview: [] };
  return trimmed;
}

const sign = (claims: Record<string, unknown>, secret: Uint8Array) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(`${FLASH_MAX_AGE_SECONDS}s`).sign(secret);

/**
 * The cookie value for `flash`: the whole state when it fits; else the state
 * kept in `store` and its id; else (no store, or it failed) the state cut down.
 */
export async function sealFlash(flash: Flash, secret: Uint8Array, store?: FlashStore): Promise<string> {
  const whole = await sign({ form: flash.form, state: flash.state }, secret);
  if (whole.length <= MAX_TOKEN_BYTES) return whole;
  if (store) {
    const ref = await store.put(flash.state).catch(() => null);
    if (ref) return sign({ form: flash.form, ref, state: compact(flash.state, 2) }, secret);
  }
  for (const level of [1, 2] as const) {
    const token = await sign({ form: flash.form, state: compact(flash.state, level) }, secret);
    if (token.length <= MAX_TOKEN_BYTES || level === 2) return token;
  }
  throw new Error('unreachable');
}

/** The flash in `token` (its whole state from `store` when it was kept there), or null when it is missing, forged, expired or malformed. */
export async function openFlash(token: string | undefined, secret: Uint8Array, store?: FlashStore): Promise<Flash | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    const { form, state, ref } = payload as { form?: unknown; state?: unknown; ref?: unknown };
    if (typeof form !== 'string' || typeof state !== 'object' || state === null || !('status' in state)) return null;
    const kept = typeof ref === 'string' && store ? await store.take(ref).catch(() => null) : null;
    return { form, state: kept ?? (state as ActionState) };
  } catch {
    return null;
  }
}

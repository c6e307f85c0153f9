/**
 * How a server action answers: with JavaScript, the state goes back to
 * useActionState as before; without it (a plain form POST), the state is
 * stored as the one-time flash and the browser is sent 303 See Other to a
 * list URL, so its history holds a GET and a reload repeats nothing
 * (Post/Redirect/Get).
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '@/lib/env';
import { requestIsHttps, requestOrigin } from '@/lib/http/request-origin';
import type { ActionState } from './action-state';
import { serverRoot } from '@/lib/server';
import { FLASH_COOKIE, FLASH_HEADER, FLASH_MAX_AGE_SECONDS, openFlash, sealFlash, type Flash } from './flash';
import { createFlashStore, type FlashStore } from './flash-store';
import { safeReturnPath } from './return-path';

const processSecret = randomBytes(32);

/** The flash signing key: derived from SESSION_SECRET (shared by every process), else per process. */
function flashSecret(): Uint8Array {
  const configured = env().SESSION_SECRET ?? process.env.CATALOG_PROCESS_SECRET;
  return configured ? createHash('sha256').update(`catalog-flash:${configured}`).digest() : processSecret;
}

/** Where flashes too large for a cookie wait (the database); null when it cannot be opened. */
async function flashStore(): Promise<FlashStore | undefined> {
  try {
    return createFlashStore((await serverRoot()).database.db);
  } catch {
    return undefined;
  }
}

/** True when this POST came from the React client (JavaScript on): it carries a Next-Action header. */
export async function postedWithJavaScript(): Promise<boolean> {
  return (await headers()).has('next-action');
}

/** The form's returnTo field as a same-origin path, or '/'. */
export async function returnPathOf(formData: FormData): Promise<string> {
  return safeReturnPath(formData.get('returnTo'), await requestOrigin());
}

/**
 * Returns `state` to a JavaScript client; otherwise flashes it for `form`
 * and redirects (303) to `location`. Call it outside try/catch: redirect() throws.
 */
export async function respond(state: ActionState, form: string, location: string): Promise<ActionState> {
  if (await postedWithJavaScript()) return state;
  return flashAndRedirect(state, form, location);
}

/**
 * Flashes `state` for `form` and redirects (303) to `location`, with or
 * without JavaScript: for outcomes whose page must change (a sign-out).
 * Call it outside try/catch: redirect() throws.
 */
export async function flashAndRedirect(state: ActionState, form: string, location: string): Promise<never> {
  const token = await sealFlash({ form, state }, flashSecret(), await flashStore());
  (await cookies()).set(FLASH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await requestIsHttps(),
    path: '/',
    maxAge: FLASH_MAX_AGE_SECONDS,
  });
  redirect(location);
}

/** The flash this page request carries, if any (proxy.ts moved it from the cookie to a header). */
export async function readFlash(): Promise<Flash | null> {
  return openFlash((await headers()).get(FLASH_HEADER) ?? undefined, flashSecret(), await flashStore());
}

/** The flash's state when it belongs to `form`, else `fallback`. */
export function flashFor(flash: Flash | null, form: string, fallback: ActionState = { status: 'idle' }): ActionState {
  return flash?.form === form ? flash.state : fallback;
}

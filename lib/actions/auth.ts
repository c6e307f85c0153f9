'use server';
/** Editors' sign-in and sign-out. Each works as a plain POST before JavaScript loads. */
import { redirect } from 'next/navigation';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkSignIn } from '@/lib/auth/editors';
import { currentEditor, PLAIN_HTTP_MESSAGE, sessionCookieTransport, signOutEverywhere, signOutHere, startSession } from '@/lib/auth/session';
import { admitSignIn, signInSucceeded } from '@/lib/auth/sign-in-limits';
import { env } from '@/lib/env';
import { textFields, type ActionState } from '@/lib/forms/action-state';
import { withSearchParams } from '@/lib/validation/list-url';
import { flashAndRedirect, respond, returnPathOf } from '@/lib/forms/respond';
import { requestClientAddress } from '@/lib/http/request-origin';
import { DatabaseUnavailableError } from '@/lib/products';
import { withDatabaseErrors } from '@/lib/products/database-errors';
import { serverRoot } from '@/lib/server';
import { signInInput } from '@/lib/validation/sign-in';
import { invalid } from './outcomes';

const minutes = (seconds: number) => `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;

async function signInOutcome(formData: FormData): Promise<ActionState> {
  const values = textFields(formData, ['name', 'password']);
  const parsed = signInInput.safeParse(values);
  // Never echo a password back into the page; the name stays as typed.
  const kept = { name: values.name ?? '' };
  if (!parsed.success) return invalid(parsed.error, kept, ['name', 'password']);
  if (!(await sessionCookieTransport()).works) return { status: 'failed', message: PLAIN_HTTP_MESSAGE, values: kept };

  const { name, password } = parsed.data;
  const client = await requestClientAddress();
  try {
    const { db } = (await serverRoot()).database;
    const admission = await withDatabaseErrors(() => admitSignIn(db, client, name));
    if (!admission.allowed) {
      return { status: 'failed', message: `Too many failed sign-ins from your address. Try again in ${minutes(admission.retryAfterSeconds)}.`, values: kept };
    }
    // Guesses against the account from many addresses slow every attempt down, never refuse one.
    if (admission.delayMs > 0) await sleep(admission.delayMs);
    const config = env();
    const check = await withDatabaseErrors(() => checkSignIn(db, name, password, { ...config, adminName: config.ADMIN_NAME }));
    if (check.outcome === 'wrong') {
      return { status: 'invalid', message: 'Sign-in failed.', fieldErrors: { password: ['That name and password do not match an editor.'] }, values: kept };
    }
    if (check.outcome === 'disabled') {
      return { status: 'failed', message: 'This editor account is disabled. Ask whoever runs the catalog to enable it.', values: kept };
    }
    await withDatabaseErrors(() => signInSucceeded(db, client, name));
    await withDatabaseErrors(() => startSession(check.editor));
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return { status: 'failed', message: 'Sign-in is unavailable while the database is unreachable. Please try again shortly.', values: kept };
    throw error;
  }
  return { status: 'saved', message: 'Signed in.', at: Date.now() };
}

export async function signIn(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await signInOutcome(formData);
  const returnTo = await returnPathOf(formData);
  if (state.status === 'saved') redirect(returnTo);
  return respond(state, 'sign-in', withSearchParams('/login', { returnTo }));
}

/** Signs out here; the page then changes (no editing controls), with or without JavaScript, and says so. */
export async function signOut(_previous: ActionState, formData: FormData): Promise<ActionState> {
  await signOutHere().catch(() => undefined);
  return flashAndRedirect({ status: 'saved', message: 'Signed out.', at: Date.now() }, 'sign-out', await returnPathOf(formData));
}

/** Ends every session of the signed-in editor (a lost laptop, a shared computer); only a signed-in editor may. */
export async function signOutOnEveryDevice(_previous: ActionState, formData: FormData): Promise<ActionState> {
  let state: ActionState;
  const editor = await currentEditor();
  if (typeof editor === 'string') {
    state = { status: 'failed', message: 'Sign in as an editor first.', values: {} };
  } else {
    const ended = await signOutEverywhere(editor.id);
    state = { status: 'saved', message: `Signed out everywhere: ${ended} session${ended === 1 ? '' : 's'} ended.`, at: Date.now() };
  }
  return flashAndRedirect(state, 'sign-out', await returnPathOf(formData));
}

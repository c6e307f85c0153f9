'use server';
/** Admin sign-in and sign-out. Each works as a plain POST before JavaScript loads. */
import { redirect } from 'next/navigation';
import { textFields, type ActionState } from '@/lib/forms/action-state';
import { withSearchParams } from '@/lib/forms/list-url';
import { respond, returnPathOf } from '@/lib/forms/respond';
import { signInLimiter } from '@/lib/auth/limiter';
import { passwordMatches } from '@/lib/auth/password';
import { FAILURE_WINDOW_SECONDS } from '@/lib/auth/rate-limit';
import { clientKey, endSession, startSession } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { signInInput } from '@/lib/validation/sign-in';
import { invalid } from './outcomes';


async function signInOutcome(formData: FormData): Promise<ActionState> {
  const values = textFields(formData, ['password']);
  const parsed = signInInput.safeParse(values);
  // Never echo a password back into the page.
  if (!parsed.success) return invalid(parsed.error, {}, ['password']);

  const limiter = signInLimiter();
  const client = await clientKey();
  if (await limiter.isBlocked(client)) {
    return { status: 'failed', message: `Too many failed sign-ins. Try again in ${FAILURE_WINDOW_SECONDS / 60} minutes.`, values: {} };
  }
  const config = env();
  const ok = await passwordMatches(parsed.data.password, { hash: config.ADMIN_PASSWORD_HASH, plain: config.ADMIN_PASSWORD });
  if (!ok) {
    await limiter.recordFailure(client);
    return { status: 'invalid', message: 'Sign-in failed.', fieldErrors: { password: ['That password is not correct.'] }, values: {} };
  }
  await limiter.reset(client);
  await startSession();
  return { status: 'saved', message: 'Signed in.', at: Date.now() };
}

export async function signIn(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await signInOutcome(formData);
  const returnTo = await returnPathOf(formData);
  if (state.status === 'saved') redirect(returnTo);
  return respond(state, 'sign-in', withSearchParams('/login', { returnTo }));
}

export async function signOut(_previous: ActionState, formData: FormData): Promise<ActionState> {
  await endSession();
  return respond({ status: 'saved', message: 'Signed out.', at: Date.now() }, 'sign-out', await returnPathOf(formData));
}

'use server';
/** Admin sign-in and sign-out. Each works as a plain POST before JavaScript loads. */
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { textFields, type ActionState } from '@/lib/forms/action-state';
import { invalid } from '@/lib/forms/outcomes';
import { signInLimiter } from '@/lib/auth/limiter';
import { passwordMatches } from '@/lib/auth/password';
import { FAILURE_WINDOW_SECONDS } from '@/lib/auth/rate-limit';
import { clientKey, endSession, startSession } from '@/lib/auth/session';
import { env } from '@/lib/env';

const signInInput = z.object({
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(1000, 'That password is too long.'),
  returnTo: z.string().optional(),
});

function safeReturnPath(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export async function signIn(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = textFields(formData, ['password', 'returnTo']);
  const parsed = signInInput.safeParse(values);
  // Never echo a password back into the page.
  const echoed = { returnTo: values.returnTo ?? '' };
  if (!parsed.success) return invalid(parsed.error, echoed);

  const limiter = signInLimiter();
  const client = await clientKey();
  if (await limiter.isBlocked(client)) {
    return { status: 'failed', message: `Too many failed sign-ins. Try again in ${FAILURE_WINDOW_SECONDS / 60} minutes.`, values: echoed };
  }
  const config = env();
  const ok = await passwordMatches(parsed.data.password, { hash: config.ADMIN_PASSWORD_HASH, plain: config.ADMIN_PASSWORD });
  if (!ok) {
    await limiter.recordFailure(client);
    return { status: 'invalid', message: 'Sign-in failed.', fieldErrors: { password: ['That password is not correct.'] }, values: echoed };
  }
  await limiter.reset(client);
  await startSession();
  redirect(safeReturnPath(parsed.data.returnTo));
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect('/');
}

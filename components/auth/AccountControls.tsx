'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { signOut, signOutOnEveryDevice } from '@/app/_actions/auth';
import { idleState } from '@/lib/forms/action-state';

/** "Sign in to edit" for visitors, "Sign out" (here, or on every device) for the admin; nothing when sign-in is off. */
export function AccountControls({ signInRequired, signedIn, listHref }: { signInRequired: boolean; signedIn: boolean; listHref: string }) {
  const [, signOutAction] = useActionState(signOut, idleState);
  const [, signOutEverywhereAction] = useActionState(signOutOnEveryDevice, idleState);
  if (!signInRequired) return null;
  if (!signedIn) {
    return (
      <Link href={`/login?returnTo=${encodeURIComponent(listHref)}`} className="button secondary">
        Sign in to edit
      </Link>
    );
  }
  return (
    <div className="account-controls">
      <span className="muted">Signed in as admin</span>
      <form action={signOutAction}>
        <input type="hidden" name="returnTo" value={listHref} />
        <button type="submit" className="secondary">Sign out</button>
      </form>
      <form action={signOutEverywhereAction}>
        <input type="hidden" name="returnTo" value={listHref} />
        <button type="submit" className="secondary">Sign out everywhere</button>
      </form>
    </div>
  );
}

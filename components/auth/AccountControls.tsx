'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { signOut } from '@/app/_actions/auth';
import { idleState } from '@/lib/forms/action-state';

/** "Sign in to edit" for visitors, "Sign out" for the admin; nothing when sign-in is off. */
export function AccountControls({ signInRequired, signedIn, listHref }: { signInRequired: boolean; signedIn: boolean; listHref: string }) {
  const [, formAction] = useActionState(signOut, idleState);
  if (!signInRequired) return null;
  return signedIn ? (
    <form action={formAction} className="account-controls">
      <input type="hidden" name="returnTo" value={listHref} />
      <span className="muted">Signed in as admin</span> <button type="submit" className="secondary">Sign out</button>
    </form>
  ) : (
    <Link href={`/login?returnTo=${encodeURIComponent(listHref)}`} className="button secondary">Sign in to edit</Link>
  );
}

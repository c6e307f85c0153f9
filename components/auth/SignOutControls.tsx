'use client';
import { useActionState } from 'react';
import { signOut, signOutOnEveryDevice } from '@/lib/actions/auth';
import { idleState } from '@/lib/forms/action-state';

/** Who is signed in, and their sign-out buttons: here, or on every device. */
export function SignOutControls({ listHref, editorName }: { listHref: string; editorName: string }) {
  const [, signOutAction] = useActionState(signOut, idleState);
  const [, signOutEverywhereAction] = useActionState(signOutOnEveryDevice, idleState);
  return (
    <div className="account-controls">
      <span className="muted">
        Signed in as <strong>{editorName}</strong>
      </span>
      <form action={signOutAction}>
        <input type="hidden" name="returnTo" value={listHref} />
        <button type="submit" className="secondary">
          Sign out
        </button>
      </form>
      <form action={signOutEverywhereAction}>
        <input type="hidden" name="returnTo" value={listHref} />
        <button type="submit" className="secondary">
          Sign out everywhere
        </button>
      </form>
    </div>
  );
}

import Link from 'next/link';
import { signOut } from '@/app/auth-actions';

/** "Sign in to edit" for visitors, "Sign out" for the admin; nothing when sign-in is off. */
export function AccountControls({ signInRequired, signedIn }: { signInRequired: boolean; signedIn: boolean }) {
  if (!signInRequired) return null;
  return signedIn ? (
    <form action={signOut} className="account-controls">
      <span className="muted">Signed in as admin</span> <button type="submit" className="secondary">Sign out</button>
    </form>
  ) : (
    <Link href="/login" className="button secondary">Sign in to edit</Link>
  );
}

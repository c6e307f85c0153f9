import Link from 'next/link';
import { SignOutControls } from '@/components/admin-islands';

/**
 * "Sign in to edit" for visitors (plain server markup: no script for them),
 * "Sign out" and "Sign out everywhere" for the admin; nothing when sign-in is off.
 */
export function AccountControls({ signInRequired, signedIn, listHref }: { signInRequired: boolean; signedIn: boolean; listHref: string }) {
  if (!signInRequired) return null;
  if (signedIn) return <SignOutControls listHref={listHref} />;
  return (
    <Link href={`/login?returnTo=${encodeURIComponent(listHref)}`} className="button secondary">
      Sign in to edit
    </Link>
  );
}

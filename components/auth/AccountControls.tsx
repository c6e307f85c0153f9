import Link from 'next/link';
import { SignOutControls } from '@/components/admin-islands';

/**
 * "Sign in to edit" for visitors (plain server markup: no script for them),
 * the editor's name with "Sign out" and "Sign out everywhere"; nothing when sign-in is off.
 */
export function AccountControls({ signInRequired, editorName, listHref }: { signInRequired: boolean; editorName: string | null; listHref: string }) {
  if (!signInRequired) return null;
  if (editorName !== null) return <SignOutControls listHref={listHref} editorName={editorName} />;
  return (
    <Link href={`/login?returnTo=${encodeURIComponent(listHref)}`} className="button secondary">
      Sign in to edit
    </Link>
  );
}

import Link from 'next/link';
import { SignInForm } from '@/components/auth/SignInForm';
import { PLAIN_HTTP_MESSAGE, sessionCookieTransport } from '@/lib/auth/session';
import { flashFor, readFlash } from '@/lib/forms/respond';
import { safeReturnPath } from '@/lib/forms/return-path';
import { requestOrigin } from '@/lib/http/request-origin';

export const metadata = { title: 'Sign in · Product catalog' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { returnTo } = await searchParams;
  const flash = await readFlash();
  const transport = await sessionCookieTransport();
  return (
    <main>
      <header className="page-header">
        <h1>Sign in</h1>
        <Link href="/" className="button secondary">Back to the catalog</Link>
      </header>
      <p className="muted">Anyone can browse the catalog; changing it needs an editor&rsquo;s name and password.</p>
      {!transport.works && (
        <p role="alert" className="form-message form-message--error">
          {PLAIN_HTTP_MESSAGE}
        </p>
      )}
      <SignInForm returnTo={safeReturnPath(returnTo, await requestOrigin())} initialState={flashFor(flash, 'sign-in')} />
    </main>
  );
}

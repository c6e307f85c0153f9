'use client';
import { useFormStatus } from 'react-dom';
import { formatCount } from '@/lib/forms/plural';

/**
 * Dry run and Apply for an upload's preview. Once either is pressed both
 * are disabled and the pressed one says it is starting, so a second click
 * cannot post again (the runner refuses a second apply of the same content
 * anyway: lib/imports/store.ts openApplyRun). Before JavaScript loads they
 * are plain submit buttons.
 */
export function RunButtons({ creates, updates }: { creates: number; updates: number }) {
  const { pending, data } = useFormStatus();
  const pressed = pending ? data?.get('mode') : null;
  const nothingLeft = creates + updates === 0;
  return (
    <>
      <button type="submit" name="mode" value="dry-run" className="secondary" disabled={pending} aria-disabled={pending}>
        {pressed === 'dry-run' ? 'Starting the dry run…' : 'Dry run (writes nothing)'}
      </button>
      <button type="submit" name="mode" value="apply" disabled={pending || nothingLeft} aria-disabled={pending || nothingLeft}>
        {pressed === 'apply' ? 'Starting the import…' : nothingLeft ? 'Nothing left to apply' : `Apply: create ${formatCount(creates)}, update ${formatCount(updates)}`}
      </button>
      {pending && (
        <span role="status" className="muted">
          Starting…
        </span>
      )}
    </>
  );
}

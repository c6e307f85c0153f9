'use client';
import { useState, type ComponentProps } from 'react';
import { MAX_ACTION_BODY_BYTES } from '@/lib/http/request-limits';
import { useAnnounce } from '@/components/status/StatusRegion';

/** What a multipart body for these entries takes, in bytes (part headers included, roughly). */
function approximateBodyBytes(data: FormData): number {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const [name, value] of data.entries()) {
    bytes += 100 + encoder.encode(name).length + (typeof value === 'string' ? encoder.encode(value).length : value.size);
  }
  return bytes;
}

/**
 * A form for a server action that refuses to send more than the server
 * accepts: the person gets a message in the form instead of a broken page.
 * Submitting also clears the page's previous status message.
 * (Without JavaScript the same limit answers 413 with a readable page; see proxy.ts.)
 */
type SubmitHandlerEvent = Parameters<NonNullable<ComponentProps<'form'>['onSubmit']>>[0];

export function ActionForm({ children, onSubmit, ...form }: ComponentProps<'form'>) {
  const [tooLarge, setTooLarge] = useState(false);
  const announce = useAnnounce();
  const guard = (event: SubmitHandlerEvent) => {
    // A new action begins: the page's last status message is over.
    announce('');
    const submitter = (event.nativeEvent as globalThis.SubmitEvent).submitter;
    const bytes = approximateBodyBytes(new FormData(event.currentTarget, submitter));
    setTooLarge(bytes > MAX_ACTION_BODY_BYTES);
    // A prevented submit never reaches the action (React checks defaultPrevented).
    if (bytes > MAX_ACTION_BODY_BYTES) event.preventDefault();
    else onSubmit?.(event);
  };
  return (
    <form {...form} onSubmit={guard}>
      {children}
      {tooLarge && (
        <p role="alert" className="form-message form-message--error">
          That is too much to send at once (over {Math.round(MAX_ACTION_BODY_BYTES / 1024)} KB), so nothing was sent or saved. Shorten what you entered.
        </p>
      )}
    </form>
  );
}

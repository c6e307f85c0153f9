'use client';
import { useState, type FormEvent } from 'react';
import { IMPORT_UPLOAD_PATH, MAX_IMPORT_FILE_BYTES } from '@/lib/http/request-limits';
import { tooLargeFileMessage } from '@/lib/http/byte-size';

type Sending = { state: 'idle' } | { state: 'sending'; percent: number } | { state: 'failed'; message: string };

/**
 * The import's file field. A plain multipart form that works before
 * JavaScript loads (the route answers 303 to the preview); with JavaScript
 * the file is sent with a progress bar and a too-large file is refused
 * before a byte is sent.
 */
export function UploadForm() {
  const [sending, setSending] = useState<Sending>({ state: 'idle' });

  function submit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    event.preventDefault();
    if (file.size > MAX_IMPORT_FILE_BYTES) {
      setSending({ state: 'failed', message: tooLargeFileMessage(file.size, 'it was not sent') });
      return;
    }
    const request = new XMLHttpRequest();
    request.open('POST', IMPORT_UPLOAD_PATH);
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (progress) => {
      if (progress.lengthComputable) setSending({ state: 'sending', percent: Math.round((progress.loaded / progress.total) * 100) });
    };
    request.onload = () => {
      const json = (request.getResponseHeader('content-type') ?? '').startsWith('application/json');
      // JSON names the preview; any other page (sign-in, "choose a file") is where the redirect led.
      if (request.status === 200) window.location.assign(json ? (JSON.parse(request.responseText) as { location: string }).location : request.responseURL);
      else setSending({ state: 'failed', message: request.responseText.trim() || `The upload failed (HTTP ${request.status}). Nothing was changed.` });
    };
    request.onerror = () => setSending({ state: 'failed', message: 'The file could not be sent: the connection failed. Nothing was changed. Try again.' });
    setSending({ state: 'sending', percent: 0 });
    request.send(new FormData(form));
  }

  return (
    <form action={IMPORT_UPLOAD_PATH} method="post" encType="multipart/form-data" onSubmit={submit} className="create-form" aria-label="Upload a CSV file">
      <label className="field">
        <span className="field__label">CSV file (columns id, title, price; id empty to create)</span>
        <input type="file" name="file" accept=".csv,text/csv" required />
      </label>
      <button type="submit" disabled={sending.state === 'sending'}>
        Upload and preview
      </button>
      {sending.state === 'sending' && (
        <p role="status" className="form-message">
          Uploading… <progress max={100} value={sending.percent} aria-label="Upload progress" /> {sending.percent} %
        </p>
      )}
      {sending.state === 'failed' && (
        <p role="alert" className="form-message form-message--error">
          {sending.message}
        </p>
      )}
    </form>
  );
}

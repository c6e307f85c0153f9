'use server';
/**
 * Starting an import run (a dry run or an apply) from an upload's preview
 * page. The run goes on outside this request (lib/imports/runner.ts); the
 * editor is sent to its page, which shows the progress and then the report.
 * A plain form post before JavaScript loads gets the same 303s.
 */
import { redirect } from 'next/navigation';
import { currentEditor } from '@/lib/auth/session';
import { ImportRefusedError, type ImportRefusal } from '@/lib/imports/runner';
import { serverRoot } from '@/lib/server';
import { parseProductId } from '@/lib/validation/product-id';

/** Form fields: uploadId, and mode 'dry-run' or 'apply' (the button pressed). */
export async function startImportRun(formData: FormData): Promise<void> {
  const uploadId = parseProductId(formData.get('uploadId'));
  const mode = formData.get('mode');
  if (uploadId === null) redirect('/imports?problem=no-upload');
  const back = (refused: ImportRefusal | 'unavailable' | 'bad-mode') => `/imports/${uploadId}?refused=${refused}`;
  if (mode !== 'dry-run' && mode !== 'apply') redirect(back('bad-mode'));
  const editor = await currentEditor();
  if (editor === 'visitor') redirect(`/login?returnTo=${encodeURIComponent(`/imports/${uploadId}`)}`);
  if (editor === 'unknown') redirect(back('unavailable'));
  let target: string;
  try {
    const { runId } = await (await serverRoot()).imports.start(uploadId, { dryRun: mode === 'dry-run', by: editor });
    target = `/imports/runs/${runId}`;
  } catch (error) {
    // By name: the runner lives in the composition root, which a build may bundle apart
    // from this action, so its classes need not be this module's (instanceof failed in dev).
    const name = (error as Error | undefined)?.name;
    const refusal = error as ImportRefusedError;
    // A second click, or a second editor, on a file being applied: to the run that is.
    if (name === 'ImportRefusedError' && refusal.code === 'busy' && refusal.runningRunId !== null) target = `/imports/runs/${refusal.runningRunId}?already=running`;
    else if (name === 'ImportRefusedError') target = back(refusal.code);
    else if (name === 'DatabaseUnavailableError') target = back('unavailable');
    else throw error;
  }
  redirect(target);
}

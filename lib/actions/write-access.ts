/**
 * Who may write, checked by every action itself: hiding a button is not
 * protection, and an action id copied from the page must not work without a
 * session. The editor found here is who the history names.
 */
import 'server-only';
import { currentEditor, type Editor } from '@/lib/auth/session';
import type { ActionState } from '@/lib/forms/action-state';
import { DatabaseUnavailableError } from '@/lib/products';
import { failed } from './outcomes';

const SIGN_IN_FIRST: ActionState = { status: 'failed', message: 'Sign in as an editor to change products. Nothing was changed.', values: {} };

/**
 * The editor behind this request, or the state refusing it: a visitor is
 * told to sign in; an unreadable session is the database's fault, and keeps
 * what was typed (`values`).
 */
export async function editorOrRefusal(values: Record<string, string>): Promise<{ editor: Editor } | { refusal: ActionState }> {
  const editor = await currentEditor();
  if (editor === 'visitor') return { refusal: SIGN_IN_FIRST };
  if (editor === 'unknown') return { refusal: failed(new DatabaseUnavailableError('the session could not be checked'), values) };
  return { editor };
}

import { z } from 'zod';
import { MAX_EDITOR_NAME_LENGTH, MAX_PASSWORD_LENGTH } from './limits';

/**
 * An editor's name as typed at sign-in and given to `npm run editors`:
 * 1 to 40 letters, digits, dots, underscores or hyphens, so that it reads the
 * same in History, in a log line and in a shell. Case is kept for display;
 * names are unique whatever their case (db/schema.ts).
 */
export const editorName = z
  .string({ error: 'Name is required.' })
  .trim()
  .min(1, 'Name is required.')
  .max(MAX_EDITOR_NAME_LENGTH, `A name has at most ${MAX_EDITOR_NAME_LENGTH} characters.`)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'A name has only letters, digits, dots, underscores and hyphens.');

export const signInInput = z.object({
  name: editorName,
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
});

import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from './limits';


export const signInInput = z.object({
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
});

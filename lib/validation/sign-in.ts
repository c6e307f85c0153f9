import { z } from 'zod';

export const MAX_PASSWORD_LENGTH = 1000;

export const signInInput = z.object({
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
});

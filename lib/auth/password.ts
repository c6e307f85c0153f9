/**
 * Checks a password against a scrypt hash (an editor's, or ADMIN_PASSWORD_HASH
 * from `npm run auth:hash`) or against ADMIN_PASSWORD, in constant time either way.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keyLength: number) => Promise<Buffer>;
const KEY_LENGTH = 64;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH);
  return `scrypt:${salt.toString('base64')}:${key.toString('base64')}`;
}

export async function passwordMatches(candidate: string, secret: { hash?: string; plain?: string }): Promise<boolean> {
  if (secret.hash) {
    const [, saltText = '', keyText = ''] = secret.hash.split(':');
    const expected = Buffer.from(keyText, 'base64');
    const actual = await scryptAsync(candidate, Buffer.from(saltText, 'base64'), expected.length);
    return timingSafeEqual(actual, expected);
  }
  if (secret.plain) {
    // Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
    const digest = (text: string) => createHash('sha256').update(text).digest();
    return timingSafeEqual(digest(candidate), digest(secret.plain));
  }
  return false;
}

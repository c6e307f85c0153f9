/** npm run auth:hash — prints an ADMIN_PASSWORD_HASH for the password typed on stdin (or given as an argument). */
import { hashPassword } from '../lib/auth/password';
import { readStdin } from './lib/read-stdin';

if (process.stdin.isTTY && !process.argv[2]) console.error('Type the admin password, then Ctrl-D:');
const password = process.argv[2] ?? (await readStdin());
if (password.length < 8) {
  console.error('The password must be at least 8 characters.');
  process.exit(2);
}
console.log(`ADMIN_PASSWORD_HASH=${await hashPassword(password)}`);

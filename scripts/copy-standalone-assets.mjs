/**
 * Next's standalone output leaves static files out (they are meant for a CDN);
 * copy them in so `npm start` and the Docker image serve a complete app.
 */
import fs from 'node:fs';

const target = '.next/standalone';
if (!fs.existsSync(target)) {
  console.error('No .next/standalone folder: run next build first.');
  process.exit(1);
}
fs.cpSync('.next/static', `${target}/.next/static`, { recursive: true });
if (fs.existsSync('public')) fs.cpSync('public', `${target}/public`, { recursive: true });
fs.cpSync('db/migrations', `${target}/db/migrations`, { recursive: true });
console.log('Copied .next/static and db/migrations into .next/standalone');

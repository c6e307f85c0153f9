/**
 * CLI for the Upstash REST bridge (`npm run bridge`). Point the app's
 * UPSTASH_REDIS_REST_URL at the printed address and use the same
 * UPSTASH_REDIS_REST_TOKEN on both sides.
 */
import { startBridge } from './server';

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const token = process.env.UPSTASH_REDIS_REST_TOKEN;
const port = Number(process.env.BRIDGE_PORT || 8079);

if (!token) {
  console.error(
    'UPSTASH_REDIS_REST_TOKEN is not set. The bridge refuses to run without a token; ' +
      'set it to any secret and give the app the same value.',
  );
  process.exit(1);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`BRIDGE_PORT must be a port number, got ${JSON.stringify(process.env.BRIDGE_PORT)}`);
  process.exit(1);
}

const bridge = await startBridge({ redisUrl, token, port });
console.log(`Upstash REST bridge listening on ${bridge.url} -> ${redisUrl}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  // A second Ctrl-C while closing means "now".
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal} received, closing the bridge`);
  await bridge.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

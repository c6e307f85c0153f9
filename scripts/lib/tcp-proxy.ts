/**
 * A controllable TCP proxy for fault tests, on a fixed loopback port:
 *
 *   forward  relays bytes both ways to the target (the healthy service);
 *   refuse   stops listening, so connecting fails with ECONNREFUSED, and
 *            drops every open connection (the service died);
 *   hang     accepts connections but never relays or answers, and freezes
 *            the open ones too (the service is wedged).
 *
 * It never touches the real service: switching back to forward resumes.
 */
import net from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'hang';

export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
}

export async function startTcpProxy(options: { port: number; targetHost?: string; targetPort: number }): Promise<TcpProxy> {
  const targetHost = options.targetHost ?? '127.0.0.1';
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'forward';

  const drop = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };

  const server = net.createServer((client) => {
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => drop(pair));
    client.on('close', () => drop(pair));
    const connectUpstream = () => {
      const upstream = net.connect({ host: targetHost, port: options.targetPort });
      pair.upstream = upstream;
      upstream.on('error', () => drop(pair));
      upstream.on('close', () => drop(pair));
      // Relayed by hand, not piped, so 'hang' can freeze a live connection.
      upstream.on('data', (chunk) => {
        if (mode === 'forward') client.write(chunk);
      });
    };
    client.on('data', (chunk) => {
      if (mode !== 'forward') return;
      if (!pair.upstream) connectUpstream();
      pair.upstream!.write(chunk);
    });
    // Protocols where the server speaks first (PostgreSQL does not, Redis does not) still work:
    // connect upstream eagerly when forwarding.
    if (mode === 'forward') connectUpstream();
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

  await listen();
  return {
    port: options.port,
    get mode() {
      return mode;
    },
    async setMode(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (next === 'refuse') {
        for (const pair of [...pairs]) drop(pair);
        // close() waits for open connections; they are all dropped above.
        await stopListening();
      } else if (previous === 'refuse') {
        await listen();
      } else if (previous === 'hang') {
        // Frozen connections lost bytes; clients must reconnect.
        for (const pair of [...pairs]) drop(pair);
      }
    },
    async close() {
      for (const pair of [...pairs]) drop(pair);
      await stopListening();
    },
  };
}

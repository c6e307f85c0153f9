import requestLimits from './lib/http/request-limits.json' with { type: 'json' };

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // The Content-Security-Policy carries a per-response nonce, so proxy.ts sets it.
];

/**
 * Origins besides localhost that may load `next dev`'s own resources (Next 16
 * blocks the others, and the page then never hydrates): 127.0.0.1 and this
 * machine's network addresses, which scripts/dev.ts passes in.
 */
const allowedDevOrigins = ['127.0.0.1', ...(process.env.DEV_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean)];

/** @type {import('next').NextConfig} */
const nextConfig = {
  allowedDevOrigins,
  // A self-contained server for Node hosts and the Docker image (node .next/standalone/server.js).
  output: 'standalone',
  // PGlite loads its WASM and data files by path; bundling it breaks that
  // (ERR_INVALID_ARG_TYPE on the first query), so Node loads it as-is.
  // prom-client: one copy per process, so a worker answers the primary's metrics requests once (lib/metrics).
  serverExternalPackages: ['@electric-sql/pglite', 'prom-client'],
  poweredByHeader: false,
  // next dev logs every request it serves; the dev overlay's own polling (/api/dev) would be
  // most of that log, so it is left out (Next 16: logging.incomingRequests.ignore, matched against the URL).
  logging: { incomingRequests: { ignore: [/^\/api\/dev(?:[/?]|$)/] } },
  experimental: {
    // The largest legitimate form (a bulk action on 1,000 rows) fits; see lib/http/request-limits.ts.
    serverActions: { bodySizeLimit: requestLimits.maxActionBodyBytes },
    // A CSV upload (app/imports/upload) is the largest body: buffered whole by the proxy, never cut short.
    proxyClientMaxBodySize: requestLimits.maxImportBodyBytes,
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;

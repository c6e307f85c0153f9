import requestLimits from './lib/forms/request-limits.json' with { type: 'json' };

const isProduction = process.env.NODE_ENV === 'production';

// Next's own inline bootstrap scripts need 'unsafe-inline' without a nonce setup;
// everything else is locked to this origin.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // The dev server needs eval and websockets for hot reload, so the CSP applies to builds only.
  ...(isProduction ? [{ key: 'Content-Security-Policy', value: contentSecurityPolicy }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server for Node hosts and the Docker image (node .next/standalone/server.js).
  output: 'standalone',
  // PGlite loads its WASM and data files by path; bundling it breaks that
  // (ERR_INVALID_ARG_TYPE on the first query), so Node loads it as-is.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  experimental: {
    // The largest legitimate form (a bulk action on 1,000 rows) fits; see lib/forms/request-limits.ts.
    serverActions: { bodySizeLimit: requestLimits.maxActionBodyBytes },
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;

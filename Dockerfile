# syntax=docker/dockerfile:1
# Multi-stage build: dependencies -> build -> a small runtime with only the
# standalone server, run as a non-root user. A separate `migrate` target runs
# `npm run db:migrate` with production dependencies only.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# `npm run build` = next build (output: standalone) + copy static files and migrations in.
RUN npm run build

FROM node:20-bookworm-slim AS migrate
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY scripts/migrate.mjs scripts/migrate.mjs
COPY db/migrations db/migrations
USER node
CMD ["npm", "run", "db:migrate"]

# One-shot: seeds sample products into an empty catalog (a first start), with the build's tools (tsx).
FROM build AS seed
CMD ["npm", "run", "db:seed", "--", "--if-empty"]

FROM node:20-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    STANDALONE_DIR=/app
RUN groupadd --system --gid 1001 catalog && useradd --system --uid 1001 --gid catalog --no-create-home catalog
COPY --from=build --chown=catalog:catalog /app/.next/standalone ./
# npm start's entry, in plain JavaScript beside the standalone server (scripts/start.mjs says why),
# with the files it imports: its helpers and the body limit it shares with the app.
COPY --from=build --chown=catalog:catalog /app/scripts/start.mjs /app/scripts/server-entry.mjs ./scripts/
COPY --from=build --chown=catalog:catalog /app/scripts/server-entry ./scripts/server-entry
COPY --from=build --chown=catalog:catalog /app/lib/http/request-limits.json ./lib/http/request-limits.json
USER catalog
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]
# start.mjs: WEB_CONCURRENCY workers (default one per core); on SIGTERM (docker stop) each
# drains its requests, then closes its pool and cache.
CMD ["node", "scripts/start.mjs"]

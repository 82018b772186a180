# One image for every Node service (router and subgraphs); the command picks the service.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY platform ./platform
COPY prisma ./prisma
COPY subgraphs ./subgraphs
COPY codegen.ts tsconfig.json ./
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
COPY --from=deps --chown=node:node /app/subgraphs ./subgraphs
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "supergraph/router.ts"]

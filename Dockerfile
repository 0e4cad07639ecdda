# One image for every CSMS process (docs/deployment.md, "The image"); docker-compose.yml picks the command per
# service. Every process runs compiled JavaScript (`npm run build`): the image holds no TypeScript source and no tsx.
# Node 20: the uWebSockets.js binary has no build for Node 22 (DESIGN.md §5).
FROM node:20.20.2-bookworm-slim AS manifests
WORKDIR /app
# python3/g++/make: sqlite3 compiles its native addon with node-gyp when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 g++ make && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY temporal/package.json temporal/
COPY db/package.json db/
COPY workflows/package.json workflows/
COPY workers/package.json workers/
COPY gateway/package.json gateway/
COPY simulators/package.json simulators/
COPY web/package.json web/

# Compiles the gateway, the worker (and its workflow bundle), the database CLI and the web app.
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Production dependencies only: no tsx, no TypeScript, no test tools.
FROM manifests AS production-dependencies
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production CSMS_DATA_DIR=/data
WORKDIR /app
# Owned by root and read-only to the process: the app cannot rewrite its own code; only /data is writable.
COPY --from=production-dependencies /app /app
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/workers/dist workers/dist
COPY --from=build /app/db/dist db/dist
COPY --from=build /app/web/build web/build
COPY --from=build /app/web/serve.js web/serve.js
COPY deploy/healthcheck.mjs deploy/healthcheck.mjs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8081 8082 8083
# The gateway's /health by default; docker-compose.yml checks the worker and the web app at their own URLs.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "deploy/healthcheck.mjs"]
# Overridden per service in docker-compose.yml.
CMD ["node", "gateway/dist/main.js"]

# One image for every CSMS process; docker-compose.yml picks the command per service.
# Node 20: the uWebSockets.js binary has no build for Node 22 (DESIGN.md §5).
FROM node:20.20.2-bookworm-slim AS build
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
RUN npm ci --no-audit --no-fund
COPY . .
RUN cd web && npx vite build

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production CSMS_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8081 8082
# Overridden per service in docker-compose.yml.
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]

/**
 * Our gateway with its real handlers, on a fresh database of its own (a SQLite file in a temporary folder, or a new
 * PostgreSQL database when BENCH_DATABASE_SERVER_URL is set), configured from the environment like the real process
 * (`loadGatewayConfig`). Started by the bench, pinned to the server core; answers the bench's requests over IPC.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createTestDatabase } from '@csms/db/testing';
import { loadGatewayConfig, startGateway } from '@csms/gateway';
import { emit, serveParent } from '../lib/ipc.ts';
import { packageVersion } from '../lib/versions.ts';
import { provisionStations, verifyFleet } from './provision.ts';

const serverUrl = process.env.BENCH_DATABASE_SERVER_URL;
if (serverUrl) process.env.TEST_POSTGRES_URL = serverUrl;
else delete process.env.TEST_POSTGRES_URL;
const db = await createTestDatabase();

const config = loadGatewayConfig({
  ...process.env,
  DATABASE_URL: db.url,
  GATEWAY_HOST: '127.0.0.1',
  GATEWAY_PORT: '0',
  GATEWAY_NODE_ID: `bench-${randomBytes(3).toString('hex')}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const logger = pino({ name: 'gateway', level: config.logLevel });
const temporal = process.env.TEMPORAL_ADDRESS ? config.temporal : undefined;
const gateway = await startGateway({
  db,
  secretKey: { bytes: randomBytes(32), source: 'env' },
  settings: config,
  logger,
  ...(temporal ? { temporal } : {}),
});

let stopping: Promise<void> | undefined;
const stop = () =>
  (stopping ??= (async () => {
    await gateway.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
  })());
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => void stop().finally(() => process.exit(0)));
}

serveParent(
  {
    provision: (args: { prefix: string; count: number; tags: string[] }) => provisionStations(db, args),
    verify: (args: { prefix: string; count: number; since: string; connectors: number }) => {
      emit('verifying');
      return gateway.flush().then(() => verifyFleet(db, { ...args, since: new Date(args.since) }));
    },
    flush: () => gateway.flush(),
    heapSnapshot: async (args: { file: string }) => {
      const { writeHeapSnapshot } = await import('node:v8');
      global.gc?.();
      return writeHeapSnapshot(args.file);
    },
    gc: () => {
      global.gc?.();
      return process.memoryUsage();
    },
    stats: () => ({ connections: gateway.server.registry.size, meterStats: gateway.meterStats }),
    stop: async () => {
      await stop();
      setImmediate(() => process.exit(0));
    },
  },
  {
    url: `ws://127.0.0.1:${gateway.port}/OCPP`,
    databaseUrl: db.url,
    dialect: db.dialect,
    version: `csms gateway (uWebSockets.js ${packageVersion('uWebSockets.js')}, MikroORM ${packageVersion('@mikro-orm/core')})`,
  },
);

/**
 * A real gateway in a process of its own, for tests that kill it (SIGKILL mid-batch): on DATABASE_URL, 127.0.0.1, a
 * free port, silent logs, a meter event per reading. Tells its parent the port over IPC and stops when the parent
 * goes away.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { openDatabase } from '@csms/db';
import { startGateway } from '../gateway.ts';

const url = process.env.DATABASE_URL;
if (!url || !process.send) throw new Error('start me from a test, with DATABASE_URL and an IPC channel');
const db = await openDatabase(url);
const gateway = await startGateway({
  db,
  secretKey: { bytes: randomBytes(32), source: 'env' },
  logger: pino({ level: 'silent' }),
  settings: {
    host: '127.0.0.1',
    port: 0,
    nodeId: `killed-${randomBytes(3).toString('hex')}`,
    tls: undefined,
    maxFrameBytes: 64 * 1024,
    idleTimeoutSeconds: 120,
    messageLogLevel: 'info',
    ocpp: {
      heartbeatIntervalSeconds: 300,
      callTimeoutMs: 5_000,
      authCacheMs: 10_000,
      knownVendorIds: new Set(),
      stripTagSuffix: false,
      admitUnknownStations: false,
      meterEventIntervalMs: 0,
    },
  },
});
process.on('disconnect', () => process.exit(0));
process.send({ port: gateway.port });

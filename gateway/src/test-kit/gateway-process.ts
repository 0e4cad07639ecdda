/**
 * A real gateway in a process of its own, for tests that kill it (SIGKILL mid-batch): on DATABASE_URL, 127.0.0.1, a
 * free port, silent logs, a meter event per reading. Tells its parent the port over IPC and stops when the parent
 * goes away.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { openDatabase } from '@csms/db';
import { loadGatewayConfig } from '../config.ts';
import { startGateway } from '../gateway.ts';

const url = process.env.DATABASE_URL;
if (!url || !process.send) throw new Error('start me from a test, with DATABASE_URL and an IPC channel');
const db = await openDatabase(url);
const { host, port, tls, maxFrameBytes, idleTimeoutSeconds, messageLogLevel, nodeLeaseMs, ocpp } = loadGatewayConfig({
  GATEWAY_HOST: '127.0.0.1',
  GATEWAY_PORT: '0',
  GATEWAY_MAX_FRAME_BYTES: String(64 * 1024),
  OCPP_CALL_TIMEOUT_SECONDS: '5',
  OCPP_METER_EVENT_INTERVAL_SECONDS: '0',
});
const gateway = await startGateway({
  db,
  secretKey: { bytes: randomBytes(32), source: 'env' },
  logger: pino({ level: 'silent' }),
  settings: { host, port, nodeId: `killed-${randomBytes(3).toString('hex')}`, tls, maxFrameBytes, idleTimeoutSeconds, messageLogLevel, nodeLeaseMs, ocpp },
});
process.on('disconnect', () => process.exit(0));
process.send({ port: gateway.port });

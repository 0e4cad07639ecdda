/**
 * A real gateway in a process of its own, for tests that kill it (SIGKILL mid-batch): on DATABASE_URL, 127.0.0.1, a
 * free port, silent logs, a meter event per reading. Tells its parent the port over IPC and stops when the parent
 * goes away.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { openDatabase } from '@csms/db';
import { startGateway } from '../gateway.ts';
import { testGatewaySettings } from './test-settings.ts';

const url = process.env.DATABASE_URL;
if (!url || !process.send) throw new Error('start me from a test, with DATABASE_URL and an IPC channel');
const db = await openDatabase(url);
const gateway = await startGateway({
  db,
  secretKey: { bytes: randomBytes(32), source: 'env' },
  logger: pino({ level: 'silent' }),
  settings: testGatewaySettings('killed', { OCPP_CALL_TIMEOUT_SECONDS: '5', OCPP_METER_EVENT_INTERVAL_SECONDS: '0' }),
});
process.on('disconnect', () => process.exit(0));
process.send({ port: gateway.port });

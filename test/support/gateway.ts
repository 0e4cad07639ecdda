import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Database } from '@csms/db';
import type { GatewayOptions, OcppSettings } from '@csms/gateway';
import type { TemporalSettings } from '@csms/temporal';

/**
 * Options for a real gateway in a system test: 127.0.0.1, a free port (0) unless given, a fresh node id, a random
 * secret key, silent logs; `ocpp` and `temporal` as the test needs them.
 */
export function testGatewayOptions(
  db: Database,
  overrides: {
    readonly prefix: string;
    readonly port?: number;
    readonly messageLogLevel?: GatewayOptions['settings']['messageLogLevel'];
    readonly ocpp?: Partial<OcppSettings>;
    readonly temporal?: TemporalSettings;
  },
): GatewayOptions {
  return {
    db,
    secretKey: { bytes: randomBytes(32), source: 'env' },
    logger: pino({ level: 'silent' }),
    ...(overrides.temporal ? { temporal: overrides.temporal } : {}),
    settings: {
      host: '127.0.0.1',
      port: overrides.port ?? 0,
      nodeId: `${overrides.prefix}-${randomBytes(3).toString('hex')}`,
      tls: undefined,
      maxFrameBytes: 1024 * 1024,
      idleTimeoutSeconds: 120,
      messageLogLevel: overrides.messageLogLevel ?? 'off',
      ocpp: {
        heartbeatIntervalSeconds: 300,
        callTimeoutMs: 5_000,
        authCacheMs: 0,
        knownVendorIds: new Set(),
        stripTagSuffix: false,
        admitUnknownStations: false,
        ...overrides.ocpp,
      },
    },
  };
}

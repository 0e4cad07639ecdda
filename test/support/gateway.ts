import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Database } from '@csms/db';
import { loadGatewayConfig, type GatewayOptions, type OcppSettings } from '@csms/gateway';
import type { TemporalSettings } from '@csms/temporal';

/**
 * Options for a real gateway in a system test: 127.0.0.1, a free port (0) unless given, a fresh node id, a random
 * secret key, silent logs unless a logger is given; `ocpp` and `temporal` as the test needs them.
 */
export function testGatewayOptions(
  db: Database,
  overrides: {
    readonly prefix: string;
    readonly port?: number;
    readonly messageLogLevel?: GatewayOptions['settings']['messageLogLevel'];
    readonly ocpp?: Partial<OcppSettings>;
    readonly temporal?: TemporalSettings;
    /** Default: silent. */
    readonly logger?: GatewayOptions['logger'];
  },
): GatewayOptions {
  // the production defaults, but for these; no station security settings: no origin check, no login throttle
  const { host, port, tls, maxFrameBytes, idleTimeoutSeconds, messageLogLevel, nodeLeaseMs, ocpp } = loadGatewayConfig({
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(overrides.port ?? 0),
    MESSAGE_LOG_LEVEL: overrides.messageLogLevel ?? 'off',
    OCPP_CALL_TIMEOUT_SECONDS: '5',
    OCPP_AUTH_CACHE_SECONDS: '0',
  });
  return {
    db,
    secretKey: { bytes: randomBytes(32), source: 'env' },
    logger: overrides.logger ?? pino({ level: 'silent' }),
    ...(overrides.temporal ? { temporal: overrides.temporal } : {}),
    settings: {
      host,
      port,
      nodeId: `${overrides.prefix}-${randomBytes(3).toString('hex')}`,
      tls,
      maxFrameBytes,
      idleTimeoutSeconds,
      messageLogLevel,
      nodeLeaseMs,
      ocpp: { ...ocpp, ...overrides.ocpp },
    },
  };
}

import { randomBytes } from 'node:crypto';
import { loadGatewayConfig } from '../config.ts';
import type { GatewaySettings } from '../gateway.ts';

/**
 * Settings of a gateway a test starts: the production defaults (`loadGatewayConfig`) on 127.0.0.1, a free port and
 * 64 KiB frames, then `env`; a node id of its own. No station security settings: no origin check, no login throttle.
 */
export function testGatewaySettings(nodeIdPrefix: string, env: Readonly<Record<string, string>>): GatewaySettings {
  const { host, port, tls, maxFrameBytes, idleTimeoutSeconds, messageLogLevel, nodeLeaseMs, ocpp } = loadGatewayConfig({
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    GATEWAY_MAX_FRAME_BYTES: String(64 * 1024),
    ...env,
  });
  const nodeId = `${nodeIdPrefix}-${randomBytes(3).toString('hex')}`;
  return { host, port, nodeId, tls, maxFrameBytes, idleTimeoutSeconds, messageLogLevel, nodeLeaseMs, ocpp };
}

import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { hashStationPassword, type SecretKey } from '@csms/db';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import type { Clock } from '../actor/handler.ts';
import type { OcppSettings } from '../config.ts';
import { startGateway, type Gateway, type GatewaySettings } from '../gateway.ts';
import type { VendorMessageHandler } from '../ocpp/vendor-messages.ts';
import { testGatewaySettings } from './test-settings.ts';

/** A gateway on 127.0.0.1 (free port) over a fresh migrated test database, for socket-level tests. */
export interface TestGateway {
  readonly gateway: Gateway;
  readonly db: TestDatabase;
  readonly secretKey: SecretKey;
  /** `ws://127.0.0.1:<port>/OCPP` */
  readonly endpoint: string;
  /** Adds a station; with a password it needs Basic auth (security profile 1). */
  addStation(id: string, password?: string): Promise<void>;
  /** Stops the gateway and deletes the database. */
  close(): Promise<void>;
}

/** Overrides for {@link startTestGateway}. */
export interface TestGatewayOptions {
  readonly ocpp?: Partial<OcppSettings>;
  readonly settings?: Partial<Omit<GatewaySettings, 'ocpp'>>;
  /** The gateway's clock (coalescing intervals, answers' `currentTime`); the real one by default. */
  readonly clock?: Clock;
  /** The gateway's logger; by default pino at `GATEWAY_TEST_LOG_LEVEL` (silent). */
  readonly logger?: Logger;
  /** Vendor message handlers (DataTransfer from stations). */
  readonly vendorMessages?: readonly VendorMessageHandler[];
}

/** Starts a {@link TestGateway}: message log verbose, handlers' answers checked against the schemas. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const db = await createTestDatabase();
  const secretKey: SecretKey = { bytes: randomBytes(32), source: 'env' };
  const settings = testGatewaySettings('test', {
    MESSAGE_LOG_LEVEL: 'verbose',
    OCPP_CALL_TIMEOUT_SECONDS: '2',
    OCPP_AUTH_CACHE_SECONDS: '0',
    OCPP_DATA_TRANSFER_VENDOR_IDS: 'com.example',
  });
  const gateway = await startGateway({
    db,
    secretKey,
    logger: options.logger ?? pino({ level: process.env.GATEWAY_TEST_LOG_LEVEL ?? 'silent' }),
    validateResponses: true,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.vendorMessages ? { vendorMessages: options.vendorMessages } : {}),
    settings: { ...settings, ...options.settings, ocpp: { ...settings.ocpp, ...options.ocpp } },
  });
  return {
    gateway,
    db,
    secretKey,
    endpoint: `ws://127.0.0.1:${gateway.port}/OCPP`,
    addStation: async (id, password) => {
      await db.chargePoints.create(id, {
        name: id,
        ...(password ? { basicAuthPasswordHash: hashStationPassword(secretKey, id, password), securityProfile: 1 } : {}),
      });
    },
    close: async () => {
      await gateway.stop();
      await db.close();
    },
  };
}

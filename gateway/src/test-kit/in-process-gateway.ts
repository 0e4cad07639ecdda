import pino, { type Logger } from 'pino';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import type { AdmittedStation } from '../station/station-gate.ts';
import { createStationServices, type StationServices } from '../station/station-services.ts';
import { loadGatewayConfig, type OcppSettings } from '../config.ts';
import type { OcppSubprotocol, OcppVersion } from '@csms/temporal/ocpp-version';
import type { ConnectionHandler, StationConnection } from '../transport/ws-endpoint.ts';

/** A station connected to an {@link InProcessGateway}: frames in with `receive`, the gateway's frames in `answers`. */
export interface InProcessStation {
  readonly id: string;
  readonly version: OcppVersion;
  /** Every frame the gateway sent, in order (barrier answers excluded). */
  readonly answers: string[];
  /** Hands one text frame to the station's actor, as the socket would. */
  receive(text: string): void;
  /**
   * Resolves once every frame received so far is answered: sends a Heartbeat and waits for its answer, which the
   * actor gives only after every earlier CALL (OCPP-J §4.1.1 order); refused frames are answered at once.
   */
  barrier(): Promise<void>;
  /** Closes the connection as a socket close would. */
  close(): void;
}

/** The gateway's station services on a fresh test database, without a socket. */
export interface InProcessGateway {
  readonly db: TestDatabase;
  readonly services: StationServices;
  /**
   * Log lines at level error or above, and failed message log writes (with the default logger): a handler that
   * failed, a write that could not be stored. Bad input must produce neither.
   */
  readonly failures: string[];
  /** Creates the station (if new) and connects it with `version`, accepted, strict schema mode. */
  connect(id: string, version: OcppVersion): Promise<InProcessStation>;
  /** Writes what is buffered, stops the writers and deletes the database. */
  close(): Promise<void>;
}

const SUBPROTOCOL: Readonly<Record<OcppVersion, OcppSubprotocol>> = { '1.6': 'ocpp1.6', '2.0.1': 'ocpp2.0.1', '2.1': 'ocpp2.1' };
const BARRIER = '"fuzz-barrier-';

/** Options of {@link startInProcessGateway}. */
export interface InProcessGatewayOptions {
  /**
   * Defaults to a logger at level `trace` (every log call serialises its fields, as in production) that keeps only
   * the lines {@link InProcessGateway.failures} lists.
   */
  readonly logger?: Logger;
  readonly ocpp?: Partial<OcppSettings>;
}

/**
 * Runs the production composition below the transport ({@link createStationServices}: routers, every handler,
 * actors, group commit, meter batcher, message log) on a real migrated database, fed by in-memory connections.
 * For property tests that send thousands of frames per second without socket overhead.
 */
export async function startInProcessGateway(options: InProcessGatewayOptions = {}): Promise<InProcessGateway> {
  const db = await createTestDatabase();
  const failures: string[] = [];
  const logger =
    options.logger ??
    pino(
      { level: 'trace' },
      {
        write: (line: string) => {
          if (line.startsWith('{"level":50') || line.startsWith('{"level":60') || line.includes('"message log write failed')) failures.push(line);
        },
      },
    );
  const services = createStationServices({
    db,
    logger,
    clock: { now: () => new Date() },
    validateResponses: true,
    settings: {
      nodeId: 'in-process',
      messageLogLevel: 'verbose',
      ocpp: {
        ...loadGatewayConfig({ OCPP_CALL_TIMEOUT_SECONDS: '2', OCPP_AUTH_CACHE_SECONDS: '0', OCPP_DATA_TRANSFER_VENDOR_IDS: 'com.example' }).ocpp,
        ...options.ocpp,
      },
    },
  });
  let epochs = Date.now() * 1000;
  let barriers = 0;
  return {
    db,
    services,
    failures,
    async connect(id, version) {
      if ((await db.chargePoints.get(id)) === null) await db.chargePoints.create(id, { name: id });
      const answers: string[] = [];
      const waiting = new Map<string, () => void>();
      let open = true;
      const admission: AdmittedStation = { registrationStatus: 'Accepted', heartbeatInterval: 300, lenient: false };
      const connection: StationConnection = {
        chargePointId: id,
        version,
        subprotocol: SUBPROTOCOL[version],
        epoch: ++epochs,
        remoteAddress: '127.0.0.1',
        admission,
        send(text) {
          if (!open) return false;
          if (text.startsWith(BARRIER, 3)) {
            const barrierId = text.slice(4, text.indexOf('"', 4));
            waiting.get(barrierId)?.();
            waiting.delete(barrierId);
          } else {
            answers.push(text);
          }
          return true;
        },
        close() {
          open = false;
        },
      };
      const handler: ConnectionHandler = services.listener(connection);
      return {
        id,
        version,
        answers,
        receive: (text) => handler.onMessage(text),
        barrier: () =>
          new Promise<void>((resolve) => {
            const barrierId = `fuzz-barrier-${++barriers}`;
            waiting.set(barrierId, resolve);
            handler.onMessage(`[2,"${barrierId}","Heartbeat",{}]`);
          }),
        close: () => {
          open = false;
          handler.onClose(1000, '', true);
        },
      };
    },
    close: async () => {
      await services.close();
      await db.close();
    },
  };
}

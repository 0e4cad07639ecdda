import { InvalidInputError, verifyStationPassword, type AdmissionRow, type Database, type RegistrationStatus, type SecretKey } from '@csms/db';
import type { Admission, StationGate } from '../transport/ws-endpoint.ts';
import type { UpgradeRequest } from '../transport/upgrade-request.ts';
import type { ProtocolLogger } from '../actor/handler.ts';
import { AdmissionReader } from './admission-reader.ts';

/** What the gate hands to the connection listener about an admitted station. */
export interface AdmittedStation {
  readonly registrationStatus: RegistrationStatus;
  readonly heartbeatInterval: number;
  /** Per-station lenient schema mode (chargers that bend the OCPP schemas). */
  readonly lenient: boolean;
}

/** Options of {@link createStationGate}. */
export interface StationGateOptions {
  readonly db: Pick<Database, 'chargePoints' | 'bulk'>;
  readonly secretKey: SecretKey;
  /** Register unknown stations as `Pending` instead of refusing them (404). */
  readonly admitUnknownStations: boolean;
  /** Heartbeat interval given to stations registered that way. */
  readonly heartbeatIntervalSeconds: number;
  readonly logger: ProtocolLogger;
  readonly now?: () => Date;
}

/**
 * Admission from the station table, before any socket exists: unknown or deleted station → 404 (or, in pending
 * mode, registered as `Pending`); a station with a password needs Basic credentials whose user name is its id and
 * whose password matches the keyed hash (constant-time compare) → else 401; no password configured → accepted
 * (security profile 0). The station rows of upgrades that arrive together are read together, plus one HMAC per
 * upgrade, so a reconnect storm is cheap.
 */
export function createStationGate(options: StationGateOptions): StationGate {
  const now = options.now ?? (() => new Date());
  const stations = new AdmissionReader((ids) => options.db.bulk.admissions(ids));
  return {
    async admit(request: UpgradeRequest): Promise<Admission> {
      const id = request.chargePointId;
      let station: AdmissionRow | null = await stations.get(id);
      if (station === null && options.admitUnknownStations) {
        try {
          station = await options.db.chargePoints.registerPending(id, {
            heartbeatInterval: options.heartbeatIntervalSeconds,
            at: now(),
          });
        } catch (error) {
          // an id the station table cannot hold (characters, length) is simply unknown
          if (!(error instanceof InvalidInputError)) throw error;
        }
        if (station !== null) options.logger.info({ chargePointId: id, remoteAddress: request.remoteAddress }, 'unknown station admitted as pending');
      }
      if (station === null) {
        options.logger.info({ chargePointId: id, remoteAddress: request.remoteAddress }, 'unknown station refused');
        return { kind: 'unknown' };
      }
      const hash = station.basicAuthPasswordHash;
      if (hash !== null) {
        const credentials = request.credentials;
        const ok =
          credentials !== undefined &&
          credentials.username === id &&
          verifyStationPassword(options.secretKey, id, credentials.password, hash);
        if (!ok) {
          options.logger.warn(
            {
              chargePointId: id,
              remoteAddress: request.remoteAddress,
              reason: credentials === undefined ? (request.malformedAuthorization ? 'malformed' : 'missing') : 'mismatch',
            },
            'station authentication failed',
          );
          return { kind: 'unauthorized' };
        }
      }
      const data: AdmittedStation = {
        registrationStatus: station.registrationStatus,
        heartbeatInterval: station.heartbeatInterval,
        lenient: station.lenient,
      };
      return { kind: 'accepted', data };
    },
  };
}

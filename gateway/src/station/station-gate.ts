import type { X509Certificate } from 'node:crypto';
import { InvalidInputError, verifyStationPassword, type AdmissionRow, type Database, type RegistrationStatus, type SecretKey } from '@csms/db';
import type { Admission, StationGate } from '../transport/ws-endpoint.ts';
import type { UpgradeRequest } from '../transport/upgrade-request.ts';
import type { ProtocolLogger } from '../actor/handler.ts';
import { BatchedReader } from './batched-reader.ts';
import { checkClientCertificate } from './client-certificate.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle } from './login-throttle.ts';

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
  /** CAs that may issue profile-3 station certificates; none: every profile-3 station is refused. */
  readonly clientCas?: readonly X509Certificate[];
  /**
   * Failed-login counting per client address and per station id; defaults: 20 free failures per address (stations
   * behind one carrier NAT share it), 5 per station id.
   */
  readonly throttle?: { readonly address: LoginThrottle; readonly station: LoginThrottle };
  readonly now?: () => Date;
}

const MAX_KNOWN_PAIRS = 100_000;

/** Why a known station was refused (the log line's `reason`). */
type Refusal = { readonly admission: Admission; readonly reason: string; readonly counts: boolean; readonly misconfigured?: boolean };

/**
 * Admission from the station table, before any socket exists: unknown or deleted station → 404 (or, in pending
 * mode, registered as `Pending`); then the station's security profile (docs/security.md): 0 accepts without
 * credentials unless a password is set anyway; 1 needs Basic credentials (user name = station id, password checked
 * against the keyed hash in constant time); 2 the same, and only over TLS; 3 a client certificate forwarded by a
 * trusted TLS-terminating proxy, issued by a configured CA, valid, with CN = station id and the stored thumbprint.
 * A profile that needs a secret the station does not have refuses it (an operator error, logged as such). Failed
 * logins are throttled per address and per station id; an address lock does not hold up a station id that logged
 * in from that address before. The station rows of upgrades that arrive together are read
 * together, plus one HMAC per upgrade, so a reconnect storm is cheap.
 */
export function createStationGate(options: StationGateOptions): StationGate {
  const now = options.now ?? (() => new Date());
  const stations = new BatchedReader((ids: readonly string[]) => options.db.bulk.admissions(ids), (row) => row.id);
  const throttle = options.throttle ?? {
    address: new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, freeFailures: 20 }),
    station: new LoginThrottle(DEFAULT_LOGIN_THROTTLE),
  };
  const cas = options.clientCas ?? [];
  // (address, station id) pairs that logged in on this node, oldest first
  const knownPairs = new Set<string>();
  const unauthorized: Admission = { kind: 'unauthorized' };

  function check(station: AdmissionRow, request: UpgradeRequest): Refusal | null {
    const id = station.id;
    const profile = station.securityProfile;
    if (![0, 1, 2, 3].includes(profile)) return { admission: unauthorized, reason: `unknown security profile ${profile}`, counts: false, misconfigured: true };
    if (profile >= 2 && !request.secure) return { admission: { kind: 'forbidden' }, reason: `security profile ${profile} needs TLS (wss)`, counts: false };
    if (profile === 3) {
      if (cas.length === 0) return { admission: unauthorized, reason: 'security profile 3 needs GATEWAY_CLIENT_CA_FILE', counts: false, misconfigured: true };
      if (request.clientCertificate === undefined) return { admission: unauthorized, reason: 'no client certificate', counts: true };
      const refusal = checkClientCertificate(request.clientCertificate, id, cas, station.clientCertThumbprint, now());
      return refusal === null ? null : { admission: unauthorized, reason: `client certificate ${refusal}`, counts: true };
    }
    const hash = station.basicAuthPasswordHash;
    if (hash === null) {
      return profile === 0 ? null : { admission: unauthorized, reason: `security profile ${profile} needs a password and none is set`, counts: false, misconfigured: true };
    }
    const credentials = request.credentials;
    if (credentials === undefined) return { admission: unauthorized, reason: request.malformedAuthorization ? 'malformed' : 'missing', counts: true };
    const ok = credentials.username === id && verifyStationPassword(options.secretKey, id, credentials.password, hash);
    return ok ? null : { admission: unauthorized, reason: 'mismatch', counts: true };
  }

  return {
    async admit(request: UpgradeRequest): Promise<Admission> {
      const id = request.chargePointId;
      const pair = `${request.remoteAddress} ${id}`;
      // a station that logged in from this address before is not held up by others failing there (one carrier NAT)
      const addressWait = knownPairs.has(pair) ? 0 : throttle.address.lockedFor(request.remoteAddress);
      const wait = Math.max(addressWait, throttle.station.lockedFor(id));
      if (wait > 0) {
        options.logger.warn({ chargePointId: id, remoteAddress: request.remoteAddress }, 'station login throttled');
        return { kind: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
      }
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
        // guessing ids counts against the address only: a station id nobody owns cannot be locked for its owner
        throttle.address.fail(request.remoteAddress);
        return { kind: 'unknown' };
      }
      const refusal = check(station, request);
      if (refusal !== null) {
        const fields = { chargePointId: id, remoteAddress: request.remoteAddress, securityProfile: station.securityProfile, reason: refusal.reason };
        if (refusal.misconfigured) options.logger.error(fields, 'station refused: its security settings are incomplete');
        else options.logger.warn(fields, 'station authentication failed');
        if (refusal.counts) {
          throttle.address.fail(request.remoteAddress);
          throttle.station.fail(id);
        }
        return refusal.admission;
      }
      throttle.station.succeed(id);
      knownPairs.delete(pair);
      knownPairs.add(pair);
      if (knownPairs.size > MAX_KNOWN_PAIRS) knownPairs.delete(knownPairs.values().next().value as string);
      const data: AdmittedStation = {
        registrationStatus: station.registrationStatus,
        heartbeatInterval: station.heartbeatInterval,
        lenient: station.lenient,
      };
      return { kind: 'accepted', data };
    },
  };
}

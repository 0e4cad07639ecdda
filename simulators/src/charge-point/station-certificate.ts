// tsyringe, which @peculiar/x509 uses for its algorithm providers, needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import { webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { JsonObject } from '@csms/gateway/protocol';
import type { ChargePoint } from './charge-point.ts';
import { json } from './json.ts';
import type { ServerCallOutcome } from './station-link.ts';

// Node's webcrypto is the standard Crypto; the package types it with the DOM lib, which this project does not load.
x509.cryptoProvider.set(webcrypto as never);

/** The station's own certificate state: the key of its last CSR and the chain it installed. */
interface StationCertificate {
  /** SPKI (DER) of the key pair whose CSR is waiting for CertificateSigned. */
  pendingKey?: Buffer;
  /** The installed chain (leaf first), once a CertificateSigned was accepted. */
  chain?: string;
}

const states = new WeakMap<ChargePoint, StationCertificate>();
const answer = (payload: object, after?: () => void): ServerCallOutcome => ({ payload: json(payload), ...(after ? { after } : {}) });

function stateOf(cp: ChargePoint): StationCertificate {
  let state = states.get(cp);
  if (state === undefined) states.set(cp, (state = {}));
  return state;
}

/** The chain the simulated station installed from CertificateSigned (leaf first), if any. */
export function installedStationCertificate(cp: ChargePoint): string | undefined {
  return states.get(cp)?.chain;
}

/**
 * Makes a fresh EC P-256 key pair and a CSR with CN = the station's identity, and sends it as SignCertificate (1.6
 * security whitepaper A02 after ExtendedTriggerMessage SignChargePointCertificate; 2.x A02 after TriggerMessage
 * SignChargingStationCertificate, with `certificateType` ChargingStationCertificate). Resolves with the answer.
 */
export async function requestStationCertificate(cp: ChargePoint): Promise<JsonObject> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cp.id.replace(/[,+="\\<>;#]/g, (c) => `\\${c}`)}`,
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  stateOf(cp).pendingKey = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  const v16 = cp.options.protocol === 'ocpp1.6';
  return cp.call('SignCertificate', { csr: csr.toString('pem'), ...(v16 ? {} : { certificateType: 'ChargingStationCertificate' }) });
}

function certificatesOf(chain: string): X509Certificate[] | undefined {
  const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch {
    return undefined;
  }
}

/**
 * CertificateSigned as a station handles it: the chain must parse, its leaf must carry the public key of the
 * station's pending CSR and be signed by the next certificate; then it is kept and `Accepted`. Anything else is
 * `Rejected` and reported as a SecurityEventNotification `InvalidChargePointCertificate` (1.6) /
 * `InvalidChargingStationCertificate` (2.x).
 */
export function stationCertificateCalls(cp: ChargePoint): Record<string, (payload: JsonObject) => ServerCallOutcome> {
  const invalidEvent = cp.options.protocol === 'ocpp1.6' ? 'InvalidChargePointCertificate' : 'InvalidChargingStationCertificate';
  return {
    CertificateSigned(payload) {
      const certificateChain = String(payload.certificateChain);
      const state = stateOf(cp);
      const chain = certificatesOf(certificateChain);
      const leaf = chain?.[0];
      const problem =
        chain === undefined || leaf === undefined
          ? 'the chain does not parse'
          : state.pendingKey === undefined || !leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(state.pendingKey)
            ? 'the certificate is not for the key of the pending CSR'
            : chain[1] !== undefined && !leaf.verify(chain[1].publicKey)
              ? 'the certificate is not signed by the next one in the chain'
              : undefined;
      if (problem !== undefined) {
        return answer({ status: 'Rejected' }, () =>
          cp.background(cp.call('SecurityEventNotification', { type: invalidEvent, timestamp: new Date().toISOString(), techInfo: problem })),
        );
      }
      state.chain = certificateChain;
      delete state.pendingKey;
      return answer({ status: 'Accepted' });
    },
  };
}

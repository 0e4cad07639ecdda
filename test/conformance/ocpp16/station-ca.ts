import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The station CA of a conformance run: the gateway signs the stations' CSRs with it (TC_074, TC_077). */
export interface RunStationCa {
  /** The CA certificate, PEM. */
  readonly certificatePem: string;
  /** The gateway's settings that load it. */
  readonly env: Readonly<Record<string, string>>;
}

let current: RunStationCa | undefined;

/**
 * Makes the run's station CA (EC P-256, openssl, as docs/security.md shows) in the system's data folder, which the
 * run removes at its end, and remembers it for the cases ({@link runStationCa}).
 */
export function createRunStationCa(dataDir: string): RunStationCa {
  const certFile = join(dataDir, 'station-ca.pem');
  const keyFile = join(dataDir, 'station-ca.key');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=OCA Station CA', '-keyout', keyFile, '-out', certFile],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  current = { certificatePem: readFileSync(certFile, 'utf8'), env: { GATEWAY_STATION_CA_CERT_FILE: certFile, GATEWAY_STATION_CA_KEY_FILE: keyFile } };
  return current;
}

/** The station CA the running system signs with; throws before the harness made one. */
export function runStationCa(): RunStationCa {
  if (current === undefined) throw new Error('the conformance system was started without a station CA');
  return current;
}

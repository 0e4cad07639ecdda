import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate made by {@link TestPki}: PEM text and the files openssl wrote. */
export interface TestCertificate {
  readonly pem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A test CA, made with the openssl CLI at test time (docs/security.md shows the same commands). */
export interface TestCa {
  readonly name: string;
  readonly cert: TestCertificate;
  /** Issues a certificate for `commonName` (optionally an IP SAN, for a server), valid for `dates` or one day. */
  issue(commonName: string, options?: { readonly ip?: string; readonly startDate?: string; readonly endDate?: string }): TestCertificate;
}

/** A scratch directory of test CAs and certificates; `remove()` deletes it. */
export interface TestPki {
  readonly dir: string;
  ca(name: string): TestCa;
  remove(): void;
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
default_days = 1
policy = any
unique_subject = no
copy_extensions = copy
[any]
commonName = supplied
`;

function openssl(cwd: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates a {@link TestPki} under the system's temp directory. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'csms-pki-'));
  let serial = 0;
  return {
    dir,
    ca(name) {
      const caDir = join(dir, name);
      mkdirSync(join(caDir, 'issued'), { recursive: true });
      writeFileSync(join(caDir, 'index.txt'), '');
      writeFileSync(join(caDir, 'serial'), `${(++serial * 4096).toString(16).padStart(4, '0')}\n`);
      writeFileSync(join(caDir, 'ca.cnf'), CA_CONFIG);
      openssl(caDir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', 'ca.key', '-out', 'ca.pem']);
      const read = (base: string): TestCertificate => ({ pem: readFileSync(join(caDir, `${base}.pem`), 'utf8'), certFile: join(caDir, `${base}.pem`), keyFile: join(caDir, `${base}.key`) });
      let issued = 0;
      return {
        name,
        cert: read('ca'),
        issue(commonName, options = {}) {
          const base = `cert-${++issued}`;
          const request = ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${commonName}`, '-keyout', `${base}.key`, '-out', `${base}.csr`];
          if (options.ip) request.push('-addext', `subjectAltName=IP:${options.ip}`);
          openssl(caDir, request);
          const sign = ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${base}.csr`, '-out', `${base}.pem`, '-notext'];
          if (options.startDate) sign.push('-startdate', options.startDate);
          if (options.endDate) sign.push('-enddate', options.endDate);
          openssl(caDir, sign);
          return read(base);
        },
      };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

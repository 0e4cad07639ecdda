import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createTestPki } from '../../../../gateway/src/test-kit/test-pki.ts';
import { startTlsTerminatingProxy } from '../../../../gateway/src/test-kit/tls-terminating-proxy.ts';
import type { ConformanceCases } from '../harness.ts';

/**
 * OCA §3.21 Security over TLS. The harness's system speaks plain ws (the other cases use profile 1), so each case
 * starts another gateway node of the same system for its TLS: the node serving TLS itself (profile 2), or a node
 * behind a TLS-terminating proxy that checks the station's client certificate (profile 3, as docs/security.md
 * deploys it). Certificates come from a test CA made with openssl for the case.
 */
export const cases: ConformanceCases = {
  /**
   * TLS with the server's certificate (security profile 2): the station verifies the CSMS's certificate against the
   * CA it was given, upgrades with Basic credentials, boots and reports its connectors; TLS 1.2 or newer.
   */
  async TC_086_CSMS(t) {
    const pki = createTestPki();
    try {
      const ca = pki.ca('oca-server-ca');
      const server = ca.issue('csms.test', { ip: '127.0.0.1' });
      const node = await t.gatewayNode({ GATEWAY_TLS_CERT_FILE: server.certFile, GATEWAY_TLS_KEY_FILE: server.keyFile });
      const station = await t.station({ securityProfile: 2, gatewayUrl: `wss://127.0.0.1:${node.port}/OCPP`, ws: { ca: ca.cert.pem, minVersion: 'TLSv1.2' } });
      expect(station.answers('BootNotification')[0]).toMatchObject({ status: 'Accepted' });
      expect(station.answers('StatusNotification').length).toBeGreaterThan(0);
      await station.expectAllAnswered();
      const stored = await t.api('GET', `/charge-points/${station.id}`);
      expect(stored.json()).toMatchObject({ securityProfile: 2 });
    } finally {
      pki.remove();
    }
  },

  /**
   * TLS with a client certificate (security profile 3): the station presents a certificate issued for its id by the
   * operator's station CA; the proxy verifies it and forwards it, the gateway node binds it to the station (CN = id),
   * and the station boots and reports its connectors without any password.
   */
  async TC_087_CSMS(t) {
    const pki = createTestPki();
    let proxy: Awaited<ReturnType<typeof startTlsTerminatingProxy>> | undefined;
    try {
      const ca = pki.ca('oca-station-ca');
      const server = ca.issue('csms.test', { ip: '127.0.0.1' });
      const node = await t.gatewayNode({ GATEWAY_TRUSTED_PROXIES: '127.0.0.1', GATEWAY_CLIENT_CA_FILE: ca.cert.certFile });
      proxy = await startTlsTerminatingProxy({ cert: server.pem, key: readFileSync(server.keyFile, 'utf8'), ca: ca.cert.pem, target: node.port });
      const url = `wss://127.0.0.1:${proxy.port}/OCPP`;
      // the station id is known only once the harness registered it, so its certificate is issued on the way in
      const station = await t.station({
        securityProfile: 3,
        gatewayUrl: url,
        certificateFor: (id) => {
          const issued = ca.issue(id);
          return { ca: ca.cert.pem, cert: issued.pem, key: readFileSync(issued.keyFile, 'utf8') };
        },
      });
      expect(station.password).toBe('');
      expect(station.answers('BootNotification')[0]).toMatchObject({ status: 'Accepted' });
      expect(station.answers('StatusNotification').length).toBeGreaterThan(0);
      await station.expectAllAnswered();
    } finally {
      await proxy?.close();
      pki.remove();
    }
  },
};

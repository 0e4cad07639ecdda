import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { ChargePoint } from '@csms/simulators';
import { createTestPki } from '../../../../gateway/src/test-kit/test-pki.ts';
import { startTlsTerminatingProxy } from '../../../../gateway/src/test-kit/tls-terminating-proxy.ts';
import type { ConformanceCases } from '../harness.ts';

/**
 * OCA §3.21 Security over TLS. The harness's system speaks plain ws (the other cases use profile 1), so each case
 * starts another gateway node of the same system for its TLS: the node serving TLS itself (profile 2), or a node
 * behind a TLS-terminating proxy that checks the station's client certificate (profile 3, as docs/security.md
 * deploys it). Certificates come from a test CA made with openssl for the case.
 */
/** The HTTP status a refused upgrade got, or 101 when the gateway upgraded. */
function upgradeStatus(url: string, password: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const id = url.slice(url.lastIndexOf('/') + 1);
    const ws = new WebSocket(url, ['ocpp1.6'], { headers: { authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` }, ...(ca ? { ca } : {}) });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export const cases: ConformanceCases = {
  /**
   * Upgrade from profile 1 to 2: the operator sets `SecurityProfile` to 2 (the station answers Accepted, and the
   * system takes the new profile over) and resets the station; it reconnects over TLS with its password and boots;
   * a connection under the old profile (plain ws) is refused; the new one again is accepted.
   */
  async TC_083_CSMS(t) {
    const pki = createTestPki();
    const reconnected: ChargePoint[] = [];
    try {
      const ca = pki.ca('oca-server-ca');
      const server = ca.issue('csms.test', { ip: '127.0.0.1' });
      const node = await t.gatewayNode({ GATEWAY_TLS_CERT_FILE: server.certFile, GATEWAY_TLS_KEY_FILE: server.keyFile });
      // the test tool answers both Accepted and reboots by itself below, onto the new profile's endpoint
      const station = await t.station({
        respond: {
          ChangeConfiguration: (p) => (p.key === 'SecurityProfile' ? { status: 'Accepted' } : undefined),
          Reset: () => ({ status: 'Accepted' }),
        },
      });
      expect((await t.api('GET', `/charge-points/${station.id}`)).json()).toMatchObject({ securityProfile: 1 });
      const changed = await t.api('PUT', `/charge-points/${station.id}/configuration`, { key: 'SecurityProfile', value: '2' });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.json()).toMatchObject({ status: 'Accepted' });
      expect(await station.waitForCall('ChangeConfiguration')).toEqual([{ key: 'SecurityProfile', value: '2' }]);
      expect((await t.api('GET', `/charge-points/${station.id}`)).json()).toMatchObject({ securityProfile: 2 });
      const reset = await t.api('POST', `/charge-points/${station.id}/reset`, { type: 'Hard' });
      expect(reset.json()).toMatchObject({ status: 'Accepted' });
      await station.expectAllAnswered();
      await station.cp.close();

      const tls = `wss://127.0.0.1:${node.port}/OCPP`;
      const boot = async () => {
        const cp = new ChargePoint({ url: tls, id: station.id, password: station.password, ws: { ca: ca.cert.pem }, protocol: 'ocpp1.6', connectors: 1, heartbeat: false, reconnect: false });
        reconnected.push(cp);
        expect((await cp.powerUp()).status).toBe('Accepted');
        await cp.close();
      };
      await boot();
      // the old profile: Basic auth without TLS is refused before the upgrade
      expect(await upgradeStatus(`${t.gatewayUrl}/${station.id}`, station.password)).toBe(403);
      await boot();
    } finally {
      await Promise.all(reconnected.map((cp) => cp.close()));
      pki.remove();
    }
  },

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

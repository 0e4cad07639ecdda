import { expect } from 'vitest';
import WebSocket from 'ws';
import { ChargePoint } from '@csms/simulators';
import type { Conformance, ConformanceCases } from '../harness.ts';

/**
 * The HTTP status of an upgrade the gateway refused, the negotiated sub-protocol of one it accepted, or `noSubprotocol`
 * when it answered 101 without one (which fails the handshake on the client's side, RFC 6455 §4.1).
 */
function upgrade(url: string, protocols: string[], headers: Record<string, string>): Promise<{ refused: number } | { protocol: string } | 'noSubprotocol'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => {
      resolve({ protocol: ws.protocol });
      ws.close();
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve({ refused: response.statusCode ?? 0 });
      response.resume();
      ws.terminate();
    });
    ws.once('error', (error) => (error.message === 'Server sent no subprotocol' ? resolve('noSubprotocol') : reject(error)));
  });
}

const basic = (id: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` });

/** A second simulator under an existing station id (a reconnection with other credentials). */
async function reconnect(t: Conformance, id: string, password: string): Promise<ChargePoint> {
  const cp = new ChargePoint({ url: t.gatewayUrl, id, protocol: 'ocpp1.6', password, connectors: 1, heartbeat: false, reconnect: false });
  await cp.powerUp();
  return cp;
}

/** OCA §3.21 Security: Basic authentication, its password change, and sub-protocol negotiation. */
export const cases: ConformanceCases = {
  /**
   * Valid Basic credentials upgrade and boot (security profile 1, the password the system generated). Also, as
   * SteVe checks: no credentials and a wrong password are refused before the upgrade.
   */
  async TC_085_CSMS(t) {
    const station = await t.station();
    expect(station.answers('BootNotification')[0]).toMatchObject({ status: 'Accepted' });
    await station.expectAllAnswered();
    const url = `${t.gatewayUrl}/${station.id}`;
    expect(await upgrade(url, ['ocpp1.6'], {})).toEqual({ refused: 401 });
    expect(await upgrade(url, ['ocpp1.6'], basic(station.id, `${station.password}x`))).toEqual({ refused: 401 });
  },

  /**
   * ChangeConfiguration(AuthorizationKey) with a new password; the station (the test tool answers Accepted) reconnects
   * with it and is accepted; the old password no longer is.
   */
  async TC_073_CSMS(t) {
    const station = await t.station({ respond: { ChangeConfiguration: (p) => (p.key === 'AuthorizationKey' ? { status: 'Accepted' } : undefined) } });
    const newPassword = 'a-new-station-password-073';
    const changed = await t.api('PUT', `/charge-points/${station.id}/configuration`, { key: 'AuthorizationKey', value: newPassword });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'Accepted' });
    const [request] = await station.waitForCall('ChangeConfiguration');
    expect(request).toEqual({ key: 'AuthorizationKey', value: newPassword });

    await station.cp.close();
    const url = `${t.gatewayUrl}/${station.id}`;
    expect(await upgrade(url, ['ocpp1.6'], basic(station.id, station.password))).toEqual({ refused: 401 });
    const again = await reconnect(t, station.id, newPassword);
    try {
      expect(again.bootResult?.status).toBe('Accepted');
    } finally {
      await again.close();
    }
  },

  /**
   * An upgrade offering only an unknown sub-protocol is refused; offering it and ocpp1.6 selects ocpp1.6. OCPP-J's
   * refusal is a 101 without `Sec-WebSocket-Protocol` followed by a close (docs/gateway.md), so the client's
   * handshake fails.
   */
  async TC_088_CSMS(t) {
    const station = await t.station({ boot: false });
    await station.cp.close();
    const url = `${t.gatewayUrl}/${station.id}`;
    const credentials = basic(station.id, station.password);
    expect(await upgrade(url, ['ocpp0.1'], credentials)).toBe('noSubprotocol');
    expect(await upgrade(url, ['ocpp0.1', 'ocpp1.6'], credentials)).toEqual({ protocol: 'ocpp1.6' });
  },
};

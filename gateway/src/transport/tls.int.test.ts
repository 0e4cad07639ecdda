import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type SecureVersion } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startGatewayServer, type GatewayServer } from '../server.ts';

/** Security profile 2: the gateway serves `wss` with the configured certificate and key. */
describe('OCPP over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csms-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  let server: GatewayServer;

  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    server = await startGatewayServer({
      host: '127.0.0.1',
      port: 0,
      nodeId: 'tls-test',
      tls: { certFile, keyFile },
      maxPayloadLength: 1024 * 1024,
      idleTimeoutSeconds: 120,
      gate: { admit: async (request) => (request.secure ? { kind: 'accepted' } : { kind: 'unauthorized' }) },
      listener: (connection) => ({ onMessage: (text) => connection.send(`tls:${text}`), onClose: () => {} }),
    });
  });
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a wss connection that trusts the certificate and tells the gate it is secure', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${server.port}/OCPP/station42`, ['ocpp1.6'], { ca: readFileSync(certFile) });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    expect(ws.protocol).toBe('ocpp1.6');
    const echoed = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('[2,"1","Heartbeat",{}]');
    expect(await echoed).toBe('tls:[2,"1","Heartbeat",{}]');
    ws.close();
  });

  // the client can speak TLS 1.0/1.1 here (SECLEVEL 0): the protocol_version alert comes from the server
  it('refuses TLS 1.1 and older, negotiates 1.2 and 1.3', async () => {
    const handshake = (minVersion: SecureVersion, maxVersion: SecureVersion) =>
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: server.port, ca: readFileSync(certFile), minVersion, maxVersion, ciphers: 'DEFAULT:@SECLEVEL=0' }, () => {
          resolve(socket.getProtocol() ?? '');
          socket.end();
        });
        socket.once('error', reject);
      });
    await expect(handshake('TLSv1', 'TLSv1.1')).rejects.toThrow(/alert protocol version/i);
    expect(await handshake('TLSv1.2', 'TLSv1.2')).toBe('TLSv1.2');
    expect(await handshake('TLSv1.3', 'TLSv1.3')).toBe('TLSv1.3');
  });

  it('refuses a client that does not trust the certificate', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${server.port}/OCPP/station42`, ['ocpp1.6']);
    await expect(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))).rejects.toThrow(/self.signed|certificate/i);
  });
});

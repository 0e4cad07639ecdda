import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('refuses a client that does not trust the certificate', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${server.port}/OCPP/station42`, ['ocpp1.6']);
    await expect(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))).rejects.toThrow(/self.signed|certificate/i);
  });
});

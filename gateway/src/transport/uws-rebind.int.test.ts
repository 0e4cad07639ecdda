import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { us_listen_socket } from 'uWebSockets.js';
import { loadUws } from './uws.ts';

/**
 * Evidence for docs/security.md "Server certificates": the pinned uWebSockets.js fixes an SSLApp's certificate at
 * creation, and a new app cannot take over the port while connections accepted on it are open, so the gateway
 * cannot swap its certificate without a restart. When an upgrade makes this test fail, certificate reload by a new
 * app becomes possible: revisit the decision.
 */
describe('uWebSockets.js and the listening port', () => {
  const uWS = loadUws();
  const sockets: us_listen_socket[] = [];
  const listen = (port: number): us_listen_socket | false => {
    let result: us_listen_socket | false = false;
    const app = uWS.App().get('/*', (res) => {
      res.end('ok');
    });
    app.listen('127.0.0.1', port, (socket) => {
      result = socket;
    });
    if (result) sockets.push(result);
    return result;
  };
  afterAll(() => {
    for (const socket of sockets) uWS.us_listen_socket_close(socket);
  });

  it('cannot listen again on the port of a closed listening socket while a connection accepted there is open', async () => {
    const first = listen(0);
    expect(first).not.toBe(false);
    const port = uWS.us_socket_local_port(first as us_listen_socket);
    const client = connect(port, '127.0.0.1');
    await new Promise((resolve, reject) => client.once('connect', resolve).once('error', reject));
    // an answer: the app has accepted the connection (it is no longer in the kernel's backlog)
    const answered = new Promise((resolve) => client.once('data', resolve));
    client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered;
    // a second app beside the first: no SO_REUSEPORT
    expect(listen(port)).toBe(false);
    uWS.us_listen_socket_close(first as us_listen_socket);
    sockets.splice(sockets.indexOf(first as us_listen_socket), 1);
    expect(listen(port)).toBe(false);
    const closed = new Promise((resolve) => client.once('close', resolve));
    client.destroy();
    await closed;
  });
});

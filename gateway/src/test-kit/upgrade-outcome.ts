import WebSocket, { type ClientOptions } from 'ws';

/** How a WebSocket upgrade ended: opened (then closed again by the helper) or refused with an HTTP status. */
export type UpgradeOutcome = { readonly status: 101 } | { readonly status: number; readonly retryAfter: string | undefined };

/**
 * Opens `url` with the OCPP 1.6 sub-protocol and reports the outcome: 101 when the socket opened (the socket is
 * closed again at once), else the refusal's HTTP status. A TLS or socket error rejects.
 */
export function upgradeOutcome(url: string, options: ClientOptions = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['ocpp1.6'], options);
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101 });
    });
    ws.once('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
      response.resume();
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

/** Basic credentials as an `Authorization` header. */
export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

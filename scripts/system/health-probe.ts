import { request } from 'node:https';

/**
 * Whether the process behind `url` answers its health check with 200 within `timeoutMs`; false for any failure.
 * An `https:` URL is the gateway serving TLS itself (GATEWAY_TLS_CERT_FILE): its certificate names the stations'
 * hostname and may come from a private CA, and this probe only asks a child process on loopback whether it is up,
 * so the certificate is not verified here (the stations verify it; docs/security.md).
 */
export async function answersHealthy(url: string, timeoutMs = 2000): Promise<boolean> {
  if (!url.startsWith('https:')) {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })).ok;
    } catch {
      return false;
    }
  }
  return new Promise((resolve) => {
    const req = request(url, { rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

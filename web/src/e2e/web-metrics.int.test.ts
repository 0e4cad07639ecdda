import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/ports.ts';
import { startWebApp, type TestWebApp } from '../testing/web-app.ts';

/** The value of one sample (`name{labels}` exactly as prom-client prints it), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Issue 17 item 4: the web process's Prometheus endpoint on a listener of its own (WEB_METRICS_PORT). */
describe('web metrics endpoint', () => {
  let app: TestWebApp;
  let metricsUrl: string;
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    return response.text();
  };

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    app = await startWebApp({ env: { WEB_METRICS_PORT: String(port) } });
  }, 600_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('counts requests by route id, method and status, and open SSE clients', async () => {
    const before = await scrape();
    for (const family of ['csms_web_http_requests_total counter', 'csms_web_http_request_duration_seconds histogram', 'csms_web_sse_clients gauge', 'csms_web_process_cpu_user_seconds_total counter']) {
      expect(before).toContain(`# TYPE ${family}`);
    }
    const healthBefore = sample(before, 'csms_web_http_requests_total{route="/api/v1/health",method="GET",status="200"}') ?? 0;

    expect((await app.call('/api/v1/health')).status).toBe(200);
    expect((await app.call('/api/v1/charge-points', { token: app.adminToken })).status).toBe(200);
    expect((await app.call('/api/v1/charge-points')).status).toBe(401);
    expect((await app.call('/api/v1/charge-points/NO-SUCH-STATION', { token: app.adminToken })).status).toBe(404);
    expect((await app.call('/no/such/page/at-all')).status).toBe(404);

    // the live feed is for browser sessions, not tokens
    const session = await app.call('/api/v1/session', { method: 'POST', body: { username: 'test-user', password: 'user-password' } });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const stream = new AbortController();
    const sse = await fetch(`${app.url}/events/overview`, { headers: { cookie }, signal: stream.signal });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const reader = sse.body!.getReader();
    await reader.read();

    const during = await scrape();
    expect(sample(during, 'csms_web_http_requests_total{route="/api/v1/health",method="GET",status="200"}')).toBe(healthBefore + 1);
    expect(sample(during, 'csms_web_http_requests_total{route="/api/v1/charge-points",method="GET",status="200"}')).toBe(1);
    expect(sample(during, 'csms_web_http_requests_total{route="/api/v1/charge-points",method="GET",status="401"}')).toBe(1);
    // the route id, never the path: a station id cannot grow the label set
    expect(sample(during, 'csms_web_http_requests_total{route="/api/v1/charge-points/[id]",method="GET",status="404"}')).toBe(1);
    expect(during).not.toContain('NO-SUCH-STATION');
    expect(sample(during, 'csms_web_http_requests_total{route="unmatched",method="GET",status="404"}')).toBe(1);
    expect(sample(during, 'csms_web_http_request_duration_seconds_count{route="/api/v1/charge-points",method="GET"}')).toBe(2);
    expect(sample(during, 'csms_web_sse_clients{route="/events/overview"}')).toBe(1);

    stream.abort();
    await reader.cancel().catch(() => undefined);
    await expect.poll(async () => sample(await scrape(), 'csms_web_sse_clients{route="/events/overview"}'), { timeout: 30_000, interval: 200 }).toBe(0);
  });

  it('serves nothing but GET /metrics there, and no metrics on the app port', async () => {
    const base = metricsUrl.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
    expect((await app.call('/metrics')).status).toBe(404);
  });
});

#!/usr/bin/env node
// The image's health check (no curl in node:*-slim): GET the URL given as argument, else CSMS_HEALTH_URL, else the
// gateway's /health; healthy on a 2xx answer within 4 s. docker-compose.yml passes each process's own URL.
const url = process.argv[2] || process.env.CSMS_HEALTH_URL || 'http://127.0.0.1:8081/health';
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAX_IDLE_TIMEOUT_SECONDS } from '../gateway/src/config.ts';
import { SERVER_ENTRIES } from '../scripts/build.mjs';

// No Docker engine runs on the build machines, so the deployment files are checked statically (docs/deployment.md).
const ROOT = resolve(import.meta.dirname, '..');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  networks?: Record<string, { ipv4_address?: string }>;
  ports?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  volumes?: string[];
}
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  networks: { default: { ipam: { config: { subnet: string; ip_range: string }[] } } };
};
const services = compose.services;
/** The value compose gives `${NAME:-default}` when NAME is unset. */
const byDefault = (value: string | number | undefined) => String(value).replace(/^\$\{\w+:-([^}]*)\}$/, '$1');
/** The files `npm run build` writes (scripts/build.mjs), as the image holds them. */
const COMPILED = [...SERVER_ENTRIES.map(([workspace, , output]) => `${workspace}/dist/${output}`), 'web/serve.js'];
/** The services that run the CSMS image. */
const csmsServices = Object.entries(services).filter(([, service]) => byDefault(service.image) === 'csms:latest');
const GATEWAYS = ['gateway-1', 'gateway-2'];

describe('docker-compose.yml', () => {
  it('names every service of the system', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-schema', 'temporal-setup', 'migrate', 'worker', ...GATEWAYS, 'haproxy', 'web']),
    );
  });

  it('depends only on services it defines', () => {
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(services, `${name} depends on ${dep}`).toHaveProperty(dep);
    }
  });

  it('keeps Temporal and the databases off the host network', () => {
    for (const name of ['temporal', 'postgres', 'temporal-postgres']) expect(services[name]?.ports, name).toBeUndefined();
    for (const port of services['temporal-ui']?.ports ?? []) expect(port.startsWith('127.0.0.1:')).toBe(true);
  });

  it('pins every third-party image to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      const image = service.image ?? '';
      if (image.includes('CSMS_IMAGE')) continue;
      expect(image, name).toMatch(/:\d[\w.-]*}?$/);
    }
  });

  it('takes every secret from the environment, never from the file', () => {
    const text = readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8');
    for (const match of text.matchAll(/^\s*(\w*(?:PASSWORD|PWD|SECRET\w*))\s*:\s*(.+)$/gm)) {
      expect(match[2], match[1]).toMatch(/^\$\{\w+(?::\?[^}]*|:-)?\}$/);
    }
  });

  it('runs commands and mounts files that exist in the repository', () => {
    for (const [name, service] of Object.entries(services)) {
      // compiled files exist only after `npm run build`: they must be ones the build writes
      for (const arg of (service.command ?? []).flatMap((part) => part.split(/\s+/))) {
        if (/^[\w/.-]+\.(ts|js|mjs)$/.test(arg)) {
          expect(COMPILED.includes(arg) || existsSync(resolve(ROOT, arg)), `${name}: ${arg}`).toBe(true);
        }
      }
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(resolve(ROOT, source)), `${name}: ${source}`).toBe(true);
      }
    }
  });

  it('runs every CSMS process from the compiled build, never through tsx or from TypeScript', () => {
    expect(csmsServices.map(([name]) => name).sort()).toEqual(['gateway-1', 'gateway-2', 'migrate', 'web', 'worker']);
    for (const [name, service] of csmsServices) {
      const command = (service.command ?? []).join(' ');
      expect(command, name).not.toMatch(/tsx|\.ts\b|\/src\//);
      const scripts = command.split(/\s+/).filter((part) => /\.m?js$/.test(part));
      expect(scripts.length, name).toBeGreaterThan(0);
      for (const script of scripts) expect(COMPILED, `${name}: ${script}`).toContain(script);
    }
  });

  it('health-checks every long-running CSMS process at its own health endpoint', () => {
    const expected: Record<string, string> = {
      worker: 'http://127.0.0.1:8083/health',
      'gateway-1': 'http://127.0.0.1:8081/health',
      'gateway-2': 'http://127.0.0.1:8081/health',
      web: 'http://127.0.0.1:8082/api/v1/health',
    };
    for (const [name, url] of Object.entries(expected)) {
      expect(services[name]?.healthcheck?.test, name).toEqual(['CMD', 'node', 'deploy/healthcheck.mjs', url]);
    }
    // the one-shot migrate job would otherwise inherit the image's gateway check
    expect(services.migrate?.healthcheck).toEqual({ disable: true });
    expect(existsSync(resolve(ROOT, 'deploy/healthcheck.mjs'))).toBe(true);
  });

  it('migrates and then creates the first admin from ADMIN_PASSWORD', () => {
    const migrate = services.migrate!;
    expect(migrate.command).toEqual(['sh', '-c', 'node db/dist/csms-db.js migrate && node db/dist/csms-db.js bootstrap-admin']);
    expect(migrate.environment?.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?/);
    for (const name of ['worker', ...GATEWAYS, 'web']) {
      expect(services[name]?.depends_on, name).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    }
  });

  it('builds the CSMS image once (one service builds it, every other runs its tag)', () => {
    expect(csmsServices.map(([name]) => name).sort()).toEqual(['gateway-1', 'gateway-2', 'migrate', 'web', 'worker']);
    expect(csmsServices.filter(([, service]) => service.build !== undefined).map(([name]) => name)).toEqual(['migrate']);
  });

  it('opens on the compose network every metrics port Prometheus scrapes (deploy/prometheus/prometheus.yml)', () => {
    const prometheus = parse(readFileSync(resolve(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((config) => config.static_configs.flatMap((s) => s.targets));
    const portsOf = (name: string): string[] => {
      const env = services[name]?.environment ?? {};
      return [env.GATEWAY_METRICS_PORT, env.WEB_METRICS_PORT, env.WORKER_TEMPORAL_METRICS_PORT, name === 'worker' ? 8083 : undefined]
        .filter((port) => port !== undefined)
        .map(String);
    };
    const unopened = targets.filter((target) => {
      const [host, port] = target.split(':');
      return services[host!] !== undefined && !portsOf(host!).includes(port!);
    });
    expect(targets.length).toBeGreaterThan(0);
    expect(unopened).toEqual([]);
    // a metrics listener bound to loopback inside a container is unreachable for Prometheus
    for (const name of ['gateway-1', 'gateway-2', 'web']) {
      const env = services[name]!.environment!;
      expect(env.GATEWAY_METRICS_HOST ?? env.WEB_METRICS_HOST, name).toBe('0.0.0.0');
    }
  });

  it('runs two gateway replicas with distinct node ids, reachable only through haproxy', () => {
    const nodeIds = GATEWAYS.map((name) => services[name]?.environment?.GATEWAY_NODE_ID);
    expect(new Set(nodeIds).size).toBe(GATEWAYS.length);
    for (const id of nodeIds) expect(id).toMatch(/^[\w.-]+$/);
    for (const name of GATEWAYS) expect(services[name]?.ports, name).toBeUndefined();
    const haproxy = services.haproxy!;
    expect(haproxy.ports).toEqual(['${GATEWAY_PUBLISH:-8081}:8081']);
    expect(haproxy.volumes).toContain('./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    expect(haproxy.depends_on).toEqual(expect.arrayContaining(GATEWAYS));
  });

  it('lets the gateways trust forwarded headers from haproxy alone, at an address no other container can get', () => {
    const address = byDefault(services.haproxy?.networks?.default?.ipv4_address);
    for (const name of GATEWAYS) expect(byDefault(services[name]?.environment?.GATEWAY_TRUSTED_PROXIES), name).toBe(address);
    const [ipam] = compose.networks.default.ipam.config;
    const toNumber = (ip: string) => ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
    const inRange = (ip: string, cidr: string) => {
      const [base, bits] = cidr.split('/') as [string, string];
      const size = 2 ** (32 - Number(bits));
      return toNumber(ip) >= toNumber(base) && toNumber(ip) < toNumber(base) + size;
    };
    expect(inRange(address, byDefault(ipam!.subnet))).toBe(true);
    // Docker hands out dynamic addresses from ip_range only
    expect(inRange(address, byDefault(ipam!.ip_range))).toBe(false);
    expect(inRange(byDefault(ipam!.ip_range).split('/')[0]!, byDefault(ipam!.subnet))).toBe(true);
  });
});

describe('deploy/haproxy/haproxy.cfg', () => {
  const cfg = readFileSync(resolve(ROOT, 'deploy/haproxy/haproxy.cfg'), 'utf8');
  /** The lines of one section, comments and indentation dropped. */
  const section = (header: string) => {
    const lines = cfg.split('\n');
    const start = lines.findIndex((line) => line.trim() === header);
    expect(start, header).toBeGreaterThanOrEqual(0);
    const rest = lines.slice(start + 1);
    const end = rest.findIndex((line) => /^\S/.test(line));
    return (end < 0 ? rest : rest.slice(0, end)).map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
  };

  it('is valid for haproxy itself (haproxy -c)', () => {
    // Debian installs it in /usr/sbin, which an unprivileged user's PATH may lack
    const path = [process.env.PATH, '/usr/sbin', '/usr/local/sbin'].filter(Boolean).join(':');
    const check = spawnSync('haproxy', ['-c', '-f', resolve(ROOT, 'deploy/haproxy/haproxy.cfg')], { encoding: 'utf8', env: { ...process.env, PATH: path } });
    expect(check.error, 'haproxy is not installed (.ci/run installs it from Debian)').toBeUndefined();
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    expect(check.stdout + check.stderr).toContain('Configuration file is valid');
  });

  it('balances over both gateway services, checking each at /health', () => {
    const backend = section('backend gateways');
    const servers = backend.filter((line) => line.startsWith('server ')).map((line) => line.split(/\s+/).slice(1, 3));
    expect(servers).toEqual(GATEWAYS.map((name) => [name, `${name}:8081`]));
    expect(backend).toContain('option httpchk');
    expect(backend).toContain('http-check send meth GET uri /health');
    expect(backend).toContain('http-check expect status 200');
    expect(backend.find((line) => line.startsWith('default-server'))).toMatch(/\bcheck\b/);
  });

  it('passes WebSocket upgrades in HTTP mode with a tunnel timeout longer than an idle OCPP connection', () => {
    const defaults = section('defaults');
    expect(defaults).toContain('mode http');
    const tunnel = defaults.find((line) => line.startsWith('timeout tunnel'));
    expect(tunnel).toMatch(/^timeout tunnel (\d+)h$/);
    // longer than any GATEWAY_IDLE_TIMEOUT_SECONDS: the gateway, not haproxy, ends quiet connections
    expect(Number(/(\d+)h$/.exec(tunnel!)![1]) * 3600).toBeGreaterThan(MAX_IDLE_TIMEOUT_SECONDS);
  });

  it('binds the port compose publishes and forwards the station address, dropping headers a client may have forged', () => {
    const frontend = section('frontend stations');
    expect(frontend).toContain('bind :8081');
    expect(frontend).toContain('default_backend gateways');
    expect(frontend).toContain('option forwardfor');
    for (const header of ['X-Forwarded-For', 'X-Forwarded-Proto', 'X-Client-Cert']) expect(frontend).toContain(`http-request del-header ${header}`);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');

  const stages = dockerfile.split(/^(?=FROM\s)/m).filter((part) => part.startsWith('FROM'));
  const stageNames = stages.map((stage) => /^FROM\s+\S+(?:\s+AS\s+(\S+))?/.exec(stage)?.[1]).filter(Boolean);
  const runtime = stages.at(-1)!;

  it('builds on a pinned Node 20 image and runs as an unprivileged user', () => {
    const froms = stages.map((stage) => /^FROM\s+(\S+)/.exec(stage)![1]!);
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) if (!stageNames.includes(image)) expect(image).toMatch(/^node:20\.\d+\.\d+-/);
    expect(runtime).toMatch(/^USER node$/m);
  });

  it('compiles in a build stage and ships production dependencies and the compiled output only', () => {
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    // the runtime stage takes nothing from the build context but the health check script: no sources, no dev tools
    expect(runtime).not.toMatch(/^COPY \. /m);
    expect(runtime).not.toMatch(/^RUN npm (ci|install)/m);
    const omitDevStage = stages.find((stage) => /^RUN npm ci --omit=dev\b/m.test(stage))!;
    const omitDevName = /AS\s+(\S+)/.exec(omitDevStage)![1];
    expect(runtime).toContain(`COPY --from=${omitDevName} /app /app`);
    for (const file of [...SERVER_ENTRIES.map(([workspace]) => `${workspace}/dist`), 'web/build', 'web/serve.js']) {
      expect(runtime).toMatch(new RegExp(`^COPY --from=build /app/${file} ${file}$`, 'm'));
    }
    expect(runtime).toMatch(/^CMD \["node", "gateway\/dist\/main\.js"\]$/m);
    expect(runtime).not.toMatch(/tsx/);
  });

  it('has a health check', () => {
    expect(runtime).toMatch(/^HEALTHCHECK .*CMD \["node", "deploy\/healthcheck\.mjs"\]$/m);
    expect(runtime).toContain('COPY deploy/healthcheck.mjs deploy/healthcheck.mjs');
  });

  it('copies every workspace manifest before npm ci and leaves local state out of the image', () => {
    const root = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    for (const workspace of root.workspaces) expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    const ignored = readFileSync(resolve(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', 'data', '.env', '.tools', '**/dist']));
    expect(dockerfile).not.toMatch(/^(ENV|ARG)\s+\S*(SECRET|PASSWORD|KEY)\S*=/m);
  });
});

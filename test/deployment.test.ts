import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs on the build machines, so the deployment files are checked statically (docs/deployment.md).
const ROOT = resolve(import.meta.dirname, '..');

interface Service {
  image?: string;
  command?: string[];
  ports?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  volumes?: string[];
}
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('names every service of the system', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-schema', 'temporal-setup', 'migrate', 'worker', 'gateway', 'web']),
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
      for (const arg of service.command ?? []) {
        if (/\.(ts|js)$/.test(arg)) expect(existsSync(resolve(ROOT, arg)), `${name}: ${arg}`).toBe(true);
      }
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(resolve(ROOT, source)), `${name}: ${source}`).toBe(true);
      }
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');

  it('builds on a pinned Node 20 image and runs as an unprivileged user', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toMatch(/^node:20\.\d+\.\d+-/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('copies every workspace manifest before npm ci and leaves local state out of the image', () => {
    const root = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    for (const workspace of root.workspaces) expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    const ignored = readFileSync(resolve(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', 'data', '.env', '.tools']));
    expect(dockerfile).not.toMatch(/^(ENV|ARG)\s+\S*(SECRET|PASSWORD|KEY)\S*=/m);
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { servePage } from './serve-page.ts';

describe('servePage', () => {
  it('serves the simulator page and script, nothing else', async () => {
    const page = await servePage(0);
    try {
      const html = await fetch(page.url);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/text\/html/);
      expect(await html.text()).toContain('<script type="module" src="simulator.js">');
      const script = await fetch(new URL('simulator.js', page.url));
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(await script.text()).toContain("case 'RemoteStartTransaction'");
      expect((await fetch(new URL('../package.json', page.url))).status).toBe(404);
      expect((await fetch(new URL('/static/simulator.js', page.url))).status).toBe(404);
    } finally {
      await page.close();
    }
  });

  it('ships a script that parses as an ES module', async () => {
    const file = fileURLToPath(new URL('../../static/simulator.js', import.meta.url));
    const code = await new Promise<number>((resolve) => execFile(process.execPath, ['--check', file], (error) => resolve(error === null ? 0 : 1)));
    expect(code).toBe(0);
  });
});

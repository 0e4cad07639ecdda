import { parseArgs } from 'node:util';
import { servePage } from './serve-page.ts';

/** `csms-sim-page [--port 8090] [--host 127.0.0.1]` */
{
  try {
    const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } }, strict: true });
    const port = Number(values.port ?? 8090);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
    const page = await servePage(port, values.host ?? '127.0.0.1');
    process.stdout.write(`browser simulator at ${page.url}\n`);
  } catch (error) {
    process.stderr.write(`csms-sim-page: ${(error as Error).message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { OCPP_SUBPROTOCOLS, type OcppSubprotocol } from '@csms/gateway/protocol';
import { UsageError } from '../errors.ts';
import { runLoad } from './load-generator.ts';
import { LOAD_ACTIONS, type LoadAction } from './load-messages.ts';

const USAGE = `Usage: csms-load --url ws://127.0.0.1:8081/OCPP --stations 1000 --duration 30 [options]

  --protocol NAME      ${OCPP_SUBPROTOCOLS.join(' | ')} (default ocpp1.6)
  --rate N             aggregate CALLs per second (open loop); omit for closed loop
  --mix A=W,...        weights of ${LOAD_ACTIONS.join(', ')} (default MeterValues=4,Heartbeat=1,StatusNotification=1,Authorize=1)
  --connect-rate N     new connections per second while ramping up (default 1000)
  --id-prefix P        station ids are P0, P1, … (default load-)
  --password SECRET    Basic auth password of every station
  --timeout MS         call timeout (default 10000)
  --out FILE           also write the JSON result to FILE`;

function number(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}, got "${value}"`);
  return n;
}

function parseMix(text: string): Partial<Record<LoadAction, number>> {
  const mix: Partial<Record<LoadAction, number>> = {};
  for (const part of text.split(',')) {
    const [action, weight] = part.split('=');
    if (!LOAD_ACTIONS.includes(action as LoadAction) || !(Number(weight) >= 0)) {
      throw new UsageError(`--mix entries are Action=weight with Action in ${LOAD_ACTIONS.join(', ')}, got "${part}"`);
    }
    mix[action as LoadAction] = Number(weight);
  }
  return mix;
}

/** `csms-load`: prints one JSON result (perf.md §6.4) and exits 0, or 1 on bad arguments. */
async function main(argv: readonly string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        url: { type: 'string' }, stations: { type: 'string' }, duration: { type: 'string' }, protocol: { type: 'string' },
        rate: { type: 'string' }, mix: { type: 'string' }, 'connect-rate': { type: 'string' }, 'id-prefix': { type: 'string' },
        password: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.url === undefined || !/^wss?:\/\//.test(values.url)) throw new UsageError('--url ws://… is required (see --help)');
  const protocol = values.protocol ?? 'ocpp1.6';
  if (!(OCPP_SUBPROTOCOLS as readonly string[]).includes(protocol)) throw new UsageError(`--protocol must be one of ${OCPP_SUBPROTOCOLS.join(', ')}`);
  const stations = number('stations', values.stations, 1) ?? 100;
  if (!Number.isInteger(stations)) throw new UsageError('--stations must be an integer');
  const rate = number('rate', values.rate, 1);
  const connectRate = number('connect-rate', values['connect-rate'], 1);
  const callTimeoutMs = number('timeout', values.timeout, 1);
  const result = await runLoad({
    url: values.url,
    stations,
    protocol: protocol as OcppSubprotocol,
    durationS: number('duration', values.duration, 0.1) ?? 10,
    ...(rate === undefined ? {} : { rate }),
    ...(values.mix === undefined ? {} : { mix: parseMix(values.mix) }),
    ...(connectRate === undefined ? {} : { connectRate }),
    ...(callTimeoutMs === undefined ? {} : { callTimeoutMs }),
    ...(values['id-prefix'] === undefined ? {} : { idPrefix: values['id-prefix'] }),
    ...(values.password === undefined ? {} : { password: values.password }),
  });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(json);
  if (values.out !== undefined) await writeFile(values.out, json);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`csms-load: ${(error as Error).message}\n`);
  process.exitCode = 1;
});

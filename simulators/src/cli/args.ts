import { parseArgs } from 'node:util';
import { OCPP_SUBPROTOCOLS, type OcppSubprotocol } from '@csms/gateway/protocol';
import type { ChargePointOptions } from '../charge-point/options.ts';
import { UsageError } from '../errors.ts';

/** What `csms-sim` was asked to do. */
export interface SimCliOptions {
  readonly station: ChargePointOptions;
  readonly tag: string;
  readonly scenario: string | undefined;
  readonly speed: number | undefined;
  readonly quiet: boolean;
  readonly help: boolean;
}

/** Usage text of `csms-sim`. */
export const SIM_USAGE = `Usage: csms-sim --url ws://localhost:8081/OCPP --id station42 [options]

  --url URL              central system endpoint without the station id (ws:// or wss://)
  --id ID                station id (last path segment; Basic auth user name)
  --protocol NAME        ${OCPP_SUBPROTOCOLS.join(' | ')} (default ocpp1.6)
  --connectors N         connectors (1.6) or EVSEs (2.x) (default 1)
  --tag TAG              idTag for authorize/start (default ABC123)
  --password SECRET      Basic auth password
  --insecure             accept any TLS certificate (wss with a self-signed certificate)
  --scenario FILE        run a JSON or YAML scenario and exit (0 ok, 2 unexpected answer); without it: interactive
  --speed N|max          simulated seconds per real second in charge steps (default: the scenario's, else 1)
  --meter-interval S     meter values every S seconds during transactions (default 60 interactive, 0 scripted)
  --power KW             charging power in kW (default 11)
  --soc PERCENT          the EV's state of charge at plug-in (default: not reported)
  --phases 0|1|3         report per-phase current and voltage (default 0)
  --quiet                do not print frames
  --help                 this text`;

function int(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

/** Parses `csms-sim`'s arguments; throws {@link UsageError} with a one-line message. */
export function parseSimArgs(argv: readonly string[]): SimCliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' }, id: { type: 'string' }, protocol: { type: 'string' }, connectors: { type: 'string' },
        tag: { type: 'string' }, password: { type: 'string' }, insecure: { type: 'boolean' }, scenario: { type: 'string' },
        speed: { type: 'string' }, 'meter-interval': { type: 'string' }, power: { type: 'string' }, soc: { type: 'string' },
        phases: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const v = parsed.values;
  const help = v.help ?? false;
  if (!help && (v.url === undefined || v.id === undefined)) throw new UsageError('--url and --id are required (see --help)');
  const url = v.url ?? 'ws://localhost:8081/OCPP';
  if (!/^wss?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must start with ws:// or wss://, got "${url}"`);
  const protocol = v.protocol ?? 'ocpp1.6';
  if (!(OCPP_SUBPROTOCOLS as readonly string[]).includes(protocol)) {
    throw new UsageError(`--protocol must be one of ${OCPP_SUBPROTOCOLS.join(', ')}, got "${protocol}"`);
  }
  const phases = int('phases', v.phases, 0, 0);
  if (phases !== 0 && phases !== 1 && phases !== 3) throw new UsageError('--phases must be 0, 1 or 3');
  const speed = v.speed === 'max' ? Infinity : positive('speed', v.speed);
  if (speed === 0) throw new UsageError('--speed must be greater than 0');
  const power = positive('power', v.power);
  const soc = positive('soc', v.soc);
  if (soc !== undefined && soc > 100) throw new UsageError('--soc must be between 0 and 100');
  const scripted = v.scenario !== undefined;
  return {
    station: {
      url,
      id: v.id ?? '',
      protocol: protocol as OcppSubprotocol,
      connectors: int('connectors', v.connectors, 1, 1),
      ...(v.password === undefined ? {} : { password: v.password }),
      ...(v.insecure ? { ws: { rejectUnauthorized: false } } : {}),
      meterValueIntervalS: int('meter-interval', v['meter-interval'], scripted ? 0 : 60, 0),
      ...(power === undefined ? {} : { chargePowerW: power * 1000 }),
      ...(soc === undefined ? {} : { soc }),
      meter: { phases },
      // A scripted run should fail, not wait, when the server goes away.
      reconnect: scripted ? false : { minDelayMs: 1_000, maxDelayMs: 30_000, jitterMs: 1_000 },
    },
    tag: v.tag ?? 'ABC123',
    scenario: v.scenario,
    speed,
    quiet: v.quiet ?? false,
    help,
  };
}

import type { OcppSubprotocol } from '@csms/gateway/protocol';
import type { ChaosSystem } from './chaos-system.ts';
import type { StationPlan } from './fleet.ts';
import type { Random } from './random.ts';

const PROTOCOLS: readonly OcppSubprotocol[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

/** The environment every chaos scenario gives the parts: short command timeouts, one meter event per reading. */
export const CHAOS_ENV = {
  COMMAND_TIMEOUT_SECONDS: '20',
  OCPP_CALL_TIMEOUT_SECONDS: '10',
  OCPP_METER_EVENT_INTERVAL_SECONDS: '0',
} as const;

/** How long a command whose outcome is unknown may still reach a station: command timeout + call timeout + margin. */
export const LATE_COMMAND_MS = 45_000;

/**
 * Registers `count` stations `<prefix>-<n>` with a tag each, protocols drawn from the seed, and returns their plans.
 * `url(n)` is the endpoint station `n` connects to.
 */
export async function prepareStations(
  system: ChaosSystem,
  random: Random,
  options: { readonly prefix: string; readonly count: number; readonly url: (index: number) => string; readonly reconnect?: (index: number) => boolean },
): Promise<StationPlan[]> {
  const plans: StationPlan[] = [];
  for (let index = 0; index < options.count; index++) {
    const id = `${options.prefix}-${index + 1}`;
    const tag = `TAG-${id}`;
    await system.db.chargePoints.create(id, { name: id });
    await system.db.chargeTags.create(tag, { name: id });
    plans.push({ id, tag, protocol: random.pick(PROTOCOLS), url: options.url(index), reconnect: options.reconnect?.(index) ?? true });
  }
  return plans;
}

/** Faults by target and step, for the report. */
export function tally<T extends { target: string; step: string }>(faults: readonly T[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const { target, step } of faults) {
    out[target] ??= {};
    out[target][step] = (out[target][step] ?? 0) + 1;
  }
  return out;
}

import type { TransactionRecord } from '@csms/db';
import type { GatewayContext } from '../ocpp/context.ts';
import { livePower } from './live-power.ts';
import type { MeterWrite } from './meter-batcher.ts';
import { latestEnergy, toSamples, type MeterReading } from './sampled-values.ts';
import { sessionEvent, type OutboxAppend } from './session-events.ts';
import { sessionOf, type OpenSession } from './station-sessions.ts';

/**
 * The connection's session for transaction row `id`, read from the DB when unknown here (a reconnect, another node
 * started it) or when the coalescing interval has passed since the last read (a paid session's `maxEnergyWh` is
 * linked by its workflow after the start). Undefined when the row does not exist or belongs to another station.
 */
export async function sessionFor(context: GatewayContext, id: number): Promise<OpenSession | undefined> {
  const nowMs = context.clock.now().getTime();
  const cached = context.sessions.get(id);
  if (cached && (cached.stopped || nowMs - cached.loadedAtMs < refreshMs(context))) return cached;
  const record = await context.db.transaction(id);
  return remember(context, record, nowMs, cached);
}

/** How long a cached session is trusted: the coalescing interval, between 1 and 10 s. */
function refreshMs(context: GatewayContext): number {
  return Math.min(Math.max(context.settings.meterEventIntervalMs, 1000), 10_000);
}

/** Caches `record` as the connection's session (keeping the coalescing state of `cached`). */
export function remember(
  context: GatewayContext,
  record: TransactionRecord | null,
  nowMs: number,
  cached = record ? context.sessions.get(record.id) : undefined,
): OpenSession | undefined {
  if (!record || record.chargePointId !== context.stationId) return undefined;
  const session = sessionOf(record, nowMs, cached?.lastEventAtMs ?? 0);
  if (cached) {
    session.limitRaised ||= cached.limitRaised;
    if (cached.lastMeterAtMs > session.lastMeterAtMs) Object.assign(session, { lastMeterWh: cached.lastMeterWh, lastMeterAtMs: cached.lastMeterAtMs });
  }
  context.sessions.put(session);
  return session;
}

/** Where meter readings belong. */
export interface MeterTarget {
  readonly evseId: number;
  readonly connectorId: number;
  readonly session: OpenSession | undefined;
  /** Live values may be updated (false for 2.x `offline` history). */
  readonly live: boolean;
}

/**
 * Plans the writes of `readings` (DESIGN.md §2): all samples; the connector's live energy, power (measured, or
 * derived from the energy delta when that is plausible: {@link livePower}) and SoC, unless the readings are older
 * than what the connector showed; the transaction's register; a coalesced `meter` event at most once per
 * interval and `limitReached` the moment the energy crosses the session's maximum. Updates the connection's session
 * and connector state; `undo` restores them when the write fails.
 */
export function planMeter(
  context: GatewayContext,
  target: MeterTarget,
  readings: readonly MeterReading[],
): { write: MeterWrite; undo: () => void } {
  const now = context.clock.now();
  const { session, evseId, connectorId } = target;
  const savedSession = session ? { ...session } : undefined;
  const savedMeter = context.sessions.connectorMeter(evseId, connectorId);
  const undo = () => {
    if (session && savedSession) Object.assign(session, savedSession);
    if (savedMeter) context.sessions.setConnectorMeter(evseId, connectorId, savedMeter);
  };

  const samples = toSamples(readings, { chargePointId: context.stationId, transactionId: session?.id ?? null, evseId });
  const events: OutboxAppend[] = [];
  let connector: MeterWrite['connector'];
  const energy = latestEnergy(readings);
  const newest = readings.reduce<MeterReading | undefined>((a, r) => (!a || r.at >= a.at ? r : a), undefined);

  if (target.live && evseId > 0 && newest && (newest.energyWh ?? newest.powerW ?? newest.soc) !== undefined) {
    const known = savedMeter;
    if (!known || newest.at.getTime() >= known.atMs) {
      const power = livePower(newest, known);
      if (power.kind === 'dropped') {
        context.db.meterStats.droppedDerivations[power.reason] += 1;
        context.logger.debug({ evseId, connectorId, reason: power.reason, energyWh: newest.energyWh, at: newest.at }, 'implausible derived power dropped');
      }
      const powerW = power.kind === 'measured' || power.kind === 'derived' ? power.powerW : undefined;
      connector = {
        key: { chargePointId: context.stationId, evseId, connectorId },
        ...(newest.energyWh !== undefined ? { meterWh: newest.energyWh } : {}),
        ...(powerW !== undefined ? { powerW } : {}),
        ...(newest.soc !== undefined && newest.soc >= 0 ? { soc: newest.soc } : {}),
        at: newest.at,
      };
      context.sessions.setConnectorMeter(evseId, connectorId, {
        wh: newest.energyWh ?? known?.wh ?? null,
        atMs: newest.energyWh !== undefined || !known ? newest.at.getTime() : known.atMs,
        powerMeasured: (known?.powerMeasured ?? false) || power.kind === 'measured',
      });
    }
  }

  let reading: MeterWrite['reading'];
  if (session && energy && !session.stopped) {
    reading = { transactionId: session.id, meterWh: energy.energyWh, at: energy.at, resolvesStart: session.startKnown };
    if (energy.at.getTime() >= session.lastMeterAtMs) {
      session.lastMeterWh = energy.energyWh;
      session.lastMeterAtMs = energy.at.getTime();
      if (session.meterStartPending && session.startKnown) Object.assign(session, { meterStartWh: energy.energyWh, meterStartPending: false });
      if (session.status === 'Active' && !session.meterStartPending) events.push(...meterEvents(context, session, energy, now));
    }
  }
  return { write: { stationId: context.stationId, samples, ...(connector ? { connector } : {}), ...(reading ? { reading } : {}), events }, undo };
}

function meterEvents(context: GatewayContext, session: OpenSession, energy: MeterReading & { energyWh: number }, now: Date): OutboxAppend[] {
  const events: OutboxAppend[] = [];
  const energyWh = Math.max(0, energy.energyWh - session.meterStartWh);
  const fields = {
    meterWh: energy.energyWh,
    energyWh,
    evseId: session.evseId,
    powerW: energy.powerW === undefined ? undefined : Math.round(energy.powerW),
    soc: energy.soc,
  };
  if (!session.limitRaised && session.maxEnergyWh !== null && energyWh >= session.maxEnergyWh) {
    session.limitRaised = true;
    events.push(sessionEvent('limitReached', session, energy.at, now, { ...fields, maxEnergyWh: session.maxEnergyWh }));
  }
  if (now.getTime() - session.lastEventAtMs >= context.settings.meterEventIntervalMs) {
    session.lastEventAtMs = now.getTime();
    events.push(sessionEvent('meter', session, energy.at, now, fields));
  }
  return events;
}

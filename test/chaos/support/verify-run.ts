import { setTimeout as sleep } from 'node:timers/promises';
import type { TransactionRecord } from '@csms/db';
import { CHARGING_SESSION_WORKFLOW, chargingSessionWorkflowId, type ChargingSessionState } from '@csms/temporal';
import type { ChaosSystem } from './chaos-system.ts';
import type { CommandClient } from './command-client.ts';
import type { Fleet, SessionRecord } from './fleet.ts';

/** What the checks found; `problems` lists every broken promise in one line each (empty when none). */
export interface Verdict {
  readonly sessions: {
    readonly run: number;
    /** One completed transaction and one completed workflow, both with the energy the station metered. */
    readonly completed: number;
    /** No transaction, or no completed workflow, for a session the station charged. */
    readonly lost: number;
    /** More than one transaction row or workflow run for one session, or a row no session explains. */
    readonly doubled: number;
    readonly energyMismatches: number;
    readonly startedBy: Record<string, number>;
    readonly stoppedBy: Record<string, number>;
  };
  readonly commands: {
    readonly sent: number;
    /** `200 {status}`: the command was reported as carried out. */
    readonly reportedSent: number;
    /** Other answers by code, and `noAnswer` when the request itself failed. */
    readonly notSent: Record<string, number>;
    readonly receivedByStations: number;
    readonly reportedButNotReceived: number;
    readonly receivedTwice: number;
  };
  readonly workflowsLeftOpen: number;
  readonly stations: { readonly count: number; readonly stuckOnline: number; readonly stuckOffline: number };
  readonly stationFailures: number;
  readonly problems: string[];
}

const COMMAND_ACTION = { start: /^(RemoteStartTransaction|RequestStartTransaction)$/, stop: /^(RemoteStopTransaction|RequestStopTransaction)$/ } as const;

function count<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/**
 * Checks a chaos run against what the simulated stations lived: every session completed exactly once (one
 * transaction row, one completed workflow run) with the energy the station metered, no row without a session, the
 * outbox delivered, no workflow left running, every command reported as carried out was received (once) by its
 * station, and every station shown online exactly when it is connected.
 */
export async function verifyRun(system: ChaosSystem, fleet: Fleet, commands: CommandClient): Promise<Verdict> {
  const problems: string[] = [];
  const { db } = system;
  const farFuture = () => new Date(Date.now() + 365 * 86_400_000);
  let undelivered = (await db.outbox.pending(farFuture(), 10_000)).length;
  for (const deadline = Date.now() + 300_000; undelivered > 0 && Date.now() < deadline; ) {
    await sleep(1000);
    undelivered = (await db.outbox.pending(farFuture(), 10_000)).length;
  }
  if (undelivered > 0) problems.push(`${undelivered} outbox events never delivered`);

  const stationIds = [...fleet.stations.keys()];
  const rows: TransactionRecord[] = [];
  for (const id of stationIds) rows.push(...(await db.transactions.list({ chargePointId: id, limit: 1_000_000 })));
  const client = await system.temporal();
  const runsById = new Map<string, number>();
  for await (const execution of client.workflow.list({ query: `WorkflowType = '${CHARGING_SESSION_WORKFLOW}'` })) {
    runsById.set(execution.workflowId, (runsById.get(execution.workflowId) ?? 0) + 1);
  }

  const matched = new Set<number>();
  let completed = 0;
  let lost = 0;
  let doubled = 0;
  let energyMismatches = 0;
  const describe = (session: SessionRecord) => `${session.station} ${session.protocol} tx ${String(session.tx.transactionId)} (started ${session.startedBy}, stopped ${session.stoppedBy ?? '-'}${session.errors.length ? `; ${session.errors.join('; ')}` : ''})`;
  for (const session of fleet.sessions) {
    const candidates = rows.filter((row) =>
      row.chargePointId === session.station && (session.protocol === 'ocpp1.6' ? row.id === session.tx.transactionId : row.externalId === session.tx.transactionId),
    );
    if (candidates.length === 0) {
      lost += 1;
      problems.push(`lost: no transaction for ${describe(session)}`);
      continue;
    }
    if (candidates.length > 1) {
      doubled += 1;
      problems.push(`doubled: ${candidates.length} transactions for ${describe(session)}`);
    }
    const row = candidates[0]!;
    candidates.forEach((candidate) => matched.add(candidate.id));
    const expected = (session.meterStopWh ?? Number.NaN) - session.tx.meterStartWh;
    if (row.status !== 'Completed' || row.meterStartWh !== session.tx.meterStartWh || row.meterStopWh !== session.meterStopWh || row.energyWh !== expected) {
      energyMismatches += 1;
      problems.push(`energy: ${describe(session)} metered ${session.tx.meterStartWh}→${session.meterStopWh} (${expected} Wh), the record says ${row.status} ${row.meterStartWh}→${row.meterStopWh} (${row.energyWh} Wh)`);
      continue;
    }
    const workflowId = row.workflowId ?? chargingSessionWorkflowId(row.chargePointId, row.id);
    const runs = runsById.get(workflowId) ?? 0;
    if (runs !== 1) {
      if (runs === 0) lost += 1;
      else doubled += 1;
      problems.push(`${runs === 0 ? 'lost' : 'doubled'}: ${runs} workflow runs of ${workflowId} for ${describe(session)}`);
      continue;
    }
    const result = (await Promise.race([client.workflow.getHandle(workflowId).result(), sleep(120_000, 'timeout')])) as ChargingSessionState | 'timeout';
    if (result === 'timeout' || result.phase !== 'stopped' || (result.lastMeterWh ?? Number.NaN) - (result.meterStartWh ?? Number.NaN) !== expected) {
      energyMismatches += 1;
      problems.push(`workflow: ${workflowId} ended ${result === 'timeout' ? 'never' : `${result.phase} with ${(result.lastMeterWh ?? 0) - (result.meterStartWh ?? 0)} Wh`}, the station metered ${expected} Wh`);
      continue;
    }
    completed += 1;
  }
  for (const row of rows) {
    if (matched.has(row.id)) continue;
    doubled += 1;
    problems.push(`doubled: transaction ${row.id} of ${row.chargePointId} (${row.status}, ${row.dataIssue ?? 'no data issue'}) belongs to no session`);
  }

  const open = async () => {
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query: `ExecutionStatus = 'Running'` })) ids.push(execution.workflowId);
    return ids;
  };
  let leftOpen = await open();
  for (const deadline = Date.now() + 180_000; leftOpen.length > 0 && Date.now() < deadline; ) {
    await sleep(2000);
    leftOpen = await open();
  }
  if (leftOpen.length > 0) problems.push(`workflows left running: ${leftOpen.join(', ')}`);

  const records = commands.records;
  const used = new Set<object>();
  let reportedButNotReceived = 0;
  for (const record of records.filter((r) => r.httpStatus === 200)) {
    const received = fleet.received.find(
      (r) => !used.has(r) && r.station === record.station && COMMAND_ACTION[record.kind].test(r.action) && r.at >= record.sentAt && r.at <= (record.settledAt ?? Infinity) && r.answer === record.status,
    );
    if (received) used.add(received);
    else {
      reportedButNotReceived += 1;
      problems.push(`command: ${record.kind} at ${record.station} reported "${record.status}", but the station never received it`);
    }
  }
  let receivedTwice = 0;
  for (const id of stationIds) {
    for (const kind of ['start', 'stop'] as const) {
      const sent = records.filter((r) => r.station === id && r.kind === kind).length;
      const got = fleet.received.filter((r) => r.station === id && COMMAND_ACTION[kind].test(r.action)).length;
      if (got > sent) {
        receivedTwice += got - sent;
        problems.push(`command: ${id} received ${got} ${kind} commands, ${sent} were sent`);
      }
    }
  }

  const mismatched = async () => {
    const out: { id: string; shown: boolean }[] = [];
    for (const [id, cp] of fleet.stations) {
      const shown = (await db.chargePoints.get(id))?.online ?? false;
      if (shown !== cp.online) out.push({ id, shown });
    }
    return out;
  };
  let stuck = await mismatched();
  for (const deadline = Date.now() + 60_000; stuck.length > 0 && Date.now() < deadline; ) {
    await sleep(1000);
    stuck = await mismatched();
  }
  for (const { id, shown } of stuck) problems.push(`station ${id} shown ${shown ? 'online' : 'offline'} but it is ${shown ? 'not connected' : 'connected'}`);

  return {
    sessions: {
      run: fleet.sessions.length,
      completed,
      lost,
      doubled,
      energyMismatches,
      startedBy: count(fleet.sessions, (s) => s.startedBy),
      stoppedBy: count(fleet.sessions, (s) => s.stoppedBy ?? 'never'),
    },
    commands: {
      sent: records.length,
      reportedSent: records.filter((r) => r.httpStatus === 200).length,
      notSent: count(records.filter((r) => r.httpStatus !== 200), (r) => (r.httpStatus === undefined ? 'noAnswer' : `${r.httpStatus} ${r.code}`)),
      receivedByStations: fleet.received.length,
      reportedButNotReceived,
      receivedTwice,
    },
    workflowsLeftOpen: leftOpen.length,
    stations: { count: stationIds.length, stuckOnline: stuck.filter((s) => s.shown).length, stuckOffline: stuck.filter((s) => !s.shown).length },
    stationFailures: fleet.failures.length,
    problems,
  };
}

import { NotFoundError, type BootRow, type ConnectRow, type ConnectorStatusRow, type DisconnectRow, type Repositories } from '@csms/db';
import { applyMeterWrites, type MeterWrite } from '../transactions/meter-batcher.ts';
import { sessionEvent } from '../transactions/session-events.ts';

/** One write of the node's writer: plain data for the hot path, or a unit of work for the transaction path. */
export type WriteOp =
  | { readonly kind: 'connect'; readonly row: ConnectRow }
  | { readonly kind: 'boot'; readonly row: BootRow }
  | { readonly kind: 'status'; readonly row: ConnectorStatusRow }
  | { readonly kind: 'meter'; readonly write: MeterWrite }
  | { readonly kind: 'disconnect'; readonly row: DisconnectRow }
  | { readonly kind: 'work'; readonly work: (tx: Repositories) => Promise<unknown> };

/** What became of one op: its result, or the error that op alone ran into (its station is gone). */
export type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

const ok = (value: unknown): Outcome => ({ ok: true, value });
const missing = (id: string): Outcome => ({ ok: false, error: new NotFoundError(`charge point "${id}" does not exist`) });

/**
 * Applies `ops` inside one DB transaction and returns each op's outcome (settled by the caller after the commit).
 * Units of work are barriers: the data ops between two of them are grouped by kind into multi-row statements, in an
 * order that keeps every station's own order (a station has at most one message write in flight, so only its connect
 * can precede, and its disconnect follow, another write of it in one group). A failing statement fails the whole
 * transaction; the writer then retries the ops one by one.
 */
export async function applyOps(tx: Repositories, ops: readonly WriteOp[], now: Date): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array<Outcome>(ops.length);
  let group: number[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind !== 'work') {
      group.push(i);
      continue;
    }
    await applyGroup(tx, ops, group, outcomes, now);
    group = [];
    outcomes[i] = ok(await op.work(tx));
  }
  await applyGroup(tx, ops, group, outcomes, now);
  return outcomes;
}

type Of<K extends WriteOp['kind']> = Extract<WriteOp, { kind: K }>;

async function applyGroup(tx: Repositories, ops: readonly WriteOp[], group: readonly number[], outcomes: Outcome[], now: Date): Promise<void> {
  if (group.length === 0) return;
  const of = <K extends WriteOp['kind']>(kind: K) => group.filter((i) => ops[i]!.kind === kind).map((i) => ({ i, op: ops[i] as Of<K> }));

  const connects = of('connect');
  const epochs = await tx.bulk.markConnected(connects.map(({ op }) => op.row));
  connects.forEach(({ i, op }, j) => (outcomes[i] = epochs[j] === null ? missing(op.row.chargePointId) : ok(epochs[j])));

  const boots = of('boot');
  const found = await tx.bulk.recordBoots(boots.map(({ op }) => op.row));
  boots.forEach(({ i, op }, j) => (outcomes[i] = found[j] ? ok(undefined) : missing(op.row.chargePointId)));
  const booted = boots.filter((_, j) => found[j]);
  if (booted.length > 0) {
    // a boot with sessions open tells each of them (DESIGN.md §3 "Reboot without stop")
    const open = await tx.bulk.openTransactions(booted.map(({ op }) => op.row.chargePointId));
    for (const { op } of booted) {
      for (const session of open.filter((t) => t.chargePointId === op.row.chargePointId)) {
        await tx.outbox.append(sessionEvent('stationRebooted', session, op.row.at, op.row.at, { reason: op.row.boot.reason ?? undefined, evseId: session.evseId }));
      }
    }
  }

  const statuses = of('status');
  await tx.bulk.recordConnectorStatuses(statuses.map(({ op }) => op.row));
  for (const { i } of statuses) outcomes[i] = ok(undefined);
  const available = statuses.filter(({ op }) => op.row.ocppStatus === 'Available');
  if (available.length > 0) {
    // a connector reporting Available with a session open on it tells that session
    const open = await tx.bulk.openTransactions(available.map(({ op }) => op.row.chargePointId));
    for (const { op } of available) {
      const { chargePointId, evseId, connectorId, at } = op.row;
      for (const session of open.filter((t) => t.chargePointId === chargePointId && t.evseId === evseId && t.connectorId === connectorId)) {
        await tx.outbox.append(sessionEvent('connectorAvailable', session, at, now, { evseId: session.evseId, connectorId: session.connectorId }));
      }
    }
  }

  const meters = of('meter');
  if (meters.length > 0) await applyMeterWrites(tx, meters.map(({ op }) => op.write));
  for (const { i } of meters) outcomes[i] = ok(undefined);

  const disconnects = of('disconnect');
  const changed = await tx.bulk.markDisconnected(disconnects.map(({ op }) => op.row));
  disconnects.forEach(({ i }, j) => (outcomes[i] = ok(changed[j] ?? false)));
}

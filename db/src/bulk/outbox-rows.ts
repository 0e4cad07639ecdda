import type { DriverStatements } from './driver-statements.ts';
import { statementChunks, type ColumnType, type SqlDialect } from './sql-dialect.ts';

/** An event for a session workflow, as `outbox.append` takes it. */
export interface OutboxRow {
  readonly workflowId: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly at: Date;
}

const EVENT_COLUMNS: [string, ColumnType][] = [
  ['workflow_id', 'text'], ['seq', 'int'], ['type', 'text'], ['payload', 'jsonb'], ['created_at', 'timestamptz'], ['next_attempt_at', 'timestamptz'],
];

/**
 * Appends events with each workflow's next sequence numbers, in the order given: one upsert of the sequences per
 * chunk of workflows (each counted once, advanced by its number of events) and one multi-row INSERT of the events.
 * The same guarantees as `outbox.append` — numbers without gaps, never drawn twice by concurrent writers — without
 * an ORM flush per event.
 */
export async function appendOutboxRows(dialect: SqlDialect, statements: DriverStatements, events: readonly OutboxRow[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.workflowId, (counts.get(e.workflowId) ?? 0) + 1);
  // `WHERE true`: SQLite cannot tell an upsert's ON CONFLICT from a join constraint after `INSERT … SELECT … FROM`
  const upsert =
    `INSERT INTO outbox_sequence (workflow_id, last_seq) SELECT workflow_id, n FROM (${dialect.rows([['workflow_id', 'text'], ['n', 'int']])}) AS counts WHERE true ` +
    'ON CONFLICT (workflow_id) DO UPDATE SET last_seq = outbox_sequence.last_seq + excluded.last_seq RETURNING workflow_id, last_seq';
  const next = new Map<string, number>();
  for (const part of statementChunks([...counts])) {
    for (const row of await statements.all<{ workflow_id: string; last_seq: number | string }>(upsert, [dialect.json(part)])) {
      next.set(row.workflow_id, Number(row.last_seq) - counts.get(row.workflow_id)! + 1);
    }
  }
  const insert = `INSERT INTO outbox_event (${EVENT_COLUMNS.map(([c]) => c).join(', ')}) ${dialect.rows(EVENT_COLUMNS)}`;
  const rows = events.map((e) => {
    const seq = next.get(e.workflowId)!;
    next.set(e.workflowId, seq + 1);
    return [e.workflowId, seq, e.type, JSON.stringify(e.payload), e.at, e.at];
  });
  for (const part of statementChunks(rows)) await statements.run(insert, [dialect.json(part)]);
}

/** One appended event as the database has it. */
export interface AppendedEvent {
  readonly id: number;
  readonly seq: number;
}

/**
 * Appends one event with its workflow's next sequence number: the sequence upsert and the INSERT, two prepared
 * statements (the transaction path appends one or two events per station message).
 */
export async function appendOutboxEvent(dialect: SqlDialect, statements: DriverStatements, event: OutboxRow): Promise<AppendedEvent> {
  const p = (n: number) => dialect.param(n);
  const [allocated] = await statements.all<{ last_seq: number | string }>(
    `INSERT INTO outbox_sequence (workflow_id, last_seq) VALUES (${p(1)}, 1) ON CONFLICT (workflow_id) DO UPDATE SET last_seq = outbox_sequence.last_seq + 1 RETURNING last_seq`,
    [event.workflowId],
  );
  const seq = Number(allocated!.last_seq);
  const [row] = await statements.all<{ id: number | string }>(
    `INSERT INTO outbox_event (workflow_id, seq, type, payload, created_at, next_attempt_at, attempts) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(5)}, 0) RETURNING id`,
    [event.workflowId, seq, event.type, JSON.stringify(event.payload), dialect.date(event.at)],
  );
  return { id: Number(row!.id), seq };
}

import type { Database } from '@csms/db';
import type { GroupCommit } from '../station/group-commit.ts';
import type { MeterBatcher } from './meter-batcher.ts';

/** Transaction behaviour settings (from `OcppSettings`). */
export interface TransactionSettings {
  /** At most one coalesced `meter` event per session in this many ms (0: one per reading). */
  readonly meterEventIntervalMs: number;
  /** Refuse a start (1.6) / answer `ConcurrentTx` (2.x) when the tag has an open transaction already. */
  readonly denyConcurrentTx: boolean;
}

/** What the transaction handlers share on a node: reads, the group commit, the meter batcher and the settings. */
export interface TransactionDeps {
  /** For reads outside a write (rows by id or key); writes go through `writes` or `meters`. */
  readonly db: Database;
  readonly writes: GroupCommit;
  readonly meters: MeterBatcher;
  readonly settings: TransactionSettings;
}

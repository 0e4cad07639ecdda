import type { InferEntity } from '@mikro-orm/core';
import { MeterSampleEntity } from '../entities/meter-sample.entity.ts';
import type { Session } from '../orm/session.ts';
import { chunk } from './support.ts';

/** One sampled value; energy registers in Wh. */
export interface MeterSample {
  readonly chargePointId: string;
  readonly transactionId: number | null;
  readonly evseId: number;
  readonly sampledAt: Date;
  readonly measurand: string;
  readonly phase?: string | null;
  readonly location?: string | null;
  readonly context?: string | null;
  readonly value: number;
  readonly unit?: string | null;
}

/** A stored sample. */
export interface MeterSampleRecord extends MeterSample {
  readonly id: number;
}

// 11 columns per row keeps a batch far below SQLite's and PostgreSQL's bound-parameter limits
const BATCH_ROWS = 500;

function toRecord(row: InferEntity<typeof MeterSampleEntity>): MeterSampleRecord {
  return {
    id: Number(row.id),
    chargePointId: row.chargePoint,
    transactionId: row.transaction ?? null,
    evseId: row.evseId,
    sampledAt: row.sampledAt,
    measurand: row.measurand,
    phase: row.phase ?? null,
    location: row.location ?? null,
    context: row.context ?? null,
    value: Number(row.value),
    unit: row.unit ?? null,
  };
}

/** Meter samples, written in batches past the identity map. */
export interface MeterSampleRepository {
  /** Inserts all samples with multi-row INSERTs; returns how many were stored. */
  insertMany(samples: readonly MeterSample[]): Promise<number>;
  /** One transaction's samples in time order. */
  listForTransaction(transactionId: number): Promise<MeterSampleRecord[]>;
}

/** Binds the meter sample repository to a session. */
export function createMeterSampleRepository(session: Session): MeterSampleRepository {
  return {
    insertMany: async (samples) => {
      if (samples.length === 0) return 0;
      const rows = samples.map((s) => ({
        chargePoint: s.chargePointId,
        transaction: s.transactionId,
        evseId: s.evseId,
        sampledAt: s.sampledAt,
        measurand: s.measurand,
        phase: s.phase ?? null,
        location: s.location ?? null,
        context: s.context ?? null,
        value: s.value,
        unit: s.unit ?? null,
      }));
      await session.write(async (em) => {
        for (const batch of chunk(rows, BATCH_ROWS)) await em.insertMany(MeterSampleEntity, batch);
      });
      return rows.length;
    },
    listForTransaction: (transactionId) =>
      session.read(async (em) => {
        const rows = await em.find(
          MeterSampleEntity,
          { transaction: transactionId },
          { orderBy: { sampledAt: 'asc', id: 'asc' } },
        );
        return rows.map(toRecord);
      }),
  };
}

import { describe, expect, it } from 'vitest';
import type { PaymentRecord, TransactionRecord } from '@csms/db';
import type { GatewayContext } from '../ocpp/context.ts';
import { paidCostAnswer } from './paid-cost.ts';

const PAID_TAG = 'PAYABCDEFGHIJKLMNOPQ';
const startedAt = new Date('2026-11-29T10:00:00Z');
const payment = {
  workflowId: 'wf-1',
  currency: 'EUR',
  holdAmountMinor: 900,
  // 0.40 per kWh, 1.00 per session, 20 kWh at most: hold 9.00
  pricing: { currency: 'EUR', pricePerMwhMinor: 40_000, maxEnergyWh: 20_000, sessionFeeMinor: 100, usageFeePerMinuteMinor: 0, freeMinutes: 0, maxBillableMinutes: null, usageFeeFrom: 'sessionStart', freeCharging: false },
} as unknown as PaymentRecord;

function context(version: string, lookups: string[] = []): GatewayContext {
  return {
    version,
    db: {
      paymentOfSession: (workflowId: string) => {
        lookups.push(workflowId);
        return Promise.resolve(workflowId === payment.workflowId ? payment : null);
      },
    },
  } as unknown as GatewayContext;
}

function row(fields: Partial<TransactionRecord> = {}): TransactionRecord {
  return { startTag: PAID_TAG, workflowId: 'wf-1', maxEnergyWh: 20_000, meterStartWh: 1000, lastMeterWh: null, energyWh: null, startedAt, stoppedAt: null, ...fields } as TransactionRecord;
}

const at = (eventType: string, latestWh?: number, created = false) => ({ eventType, created, latestWh, now: new Date(startedAt.getTime() + 600_000) });

describe('paidCostAnswer (OCPP 2.1 C25)', () => {
  it('sends the maximum energy and the hold as maxCost with the start', async () => {
    expect(await paidCostAnswer(context('2.1'), row(), at('Started', 1000, true))).toEqual({ transactionLimit: { maxEnergy: 20_000, maxCost: 9 } });
  });

  it('sends the running cost by the price list with every later event, at most the hold', async () => {
    // 5 kWh: 2.00 + 1.00
    expect(await paidCostAnswer(context('2.1'), row(), at('Updated', 6000))).toEqual({ totalCost: 3 });
    // 2.345 kWh: 0.938 → 0.94 + 1.00
    expect(await paidCostAnswer(context('2.1'), row({ lastMeterWh: 3345 }), at('Updated'))).toEqual({ totalCost: 1.94 });
    expect(await paidCostAnswer(context('2.1'), row(), at('Updated', 100_000))).toEqual({ totalCost: 9 });
    expect(await paidCostAnswer(context('2.1'), row({ energyWh: 10_000, stoppedAt: startedAt }), at('Ended'))).toEqual({ totalCost: 5 });
  });

  it('adds nothing for unpaid sessions, a payment it cannot find, or older versions', async () => {
    const lookups: string[] = [];
    expect(await paidCostAnswer(context('2.1', lookups), row({ startTag: 'RFID-1' }), at('Updated', 6000))).toEqual({});
    expect(lookups).toEqual([]); // an unpaid session costs no lookup
    expect(await paidCostAnswer(context('2.1'), row({ startTag: 'RFID-1' }), at('Started', 1000, true))).toEqual({ transactionLimit: { maxEnergy: 20_000 } });
    expect(await paidCostAnswer(context('2.1'), row({ workflowId: 'wf-unknown' }), at('Updated', 6000))).toEqual({});
    expect(await paidCostAnswer(context('2.0.1'), row(), at('Started', 1000, true))).toEqual({});
  });
});

import type { TransactionRecord } from '@csms/db';
import { costOf, type PricingSnapshot } from '@csms/temporal';
import type { GatewayContext } from '../ocpp/context.ts';
import { isPaidTag } from './paid-tags.ts';

/** What an OCPP 2.1 TransactionEvent answer carries for a paid session (C25 / E16). */
export interface PaidCostAnswer {
  readonly transactionLimit?: { maxEnergy?: number; maxCost?: number };
  readonly totalCost?: number;
}

/** Minor units → the currency's decimal amount, as OCPP's cost fields are (EUR 2 digits, JPY 0). */
function major(minor: number, currency: string): number {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // an unknown currency cannot be in a payment (Stripe refused it); two digits keep the answer well-formed
  }
  return minor / 10 ** digits;
}

/**
 * The cost part of a 2.1 station's TransactionEvent answer for a paid session: with the start, the maximum energy and
 * the hold as `transactionLimit.maxCost` (the station stops by itself there); with every later event the running
 * `totalCost` by the session's price list, at most the hold; with `Ended`, the total by the price list at the stop.
 * The capture may still be lower (nothing below the minimum energy or the minimum charge, the idle fee after the
 * unplug): the workflow decides the amount, the station shows the price list's figure. Unpaid sessions and older
 * protocol versions get nothing, at no cost: only a paid session's tag costs a lookup.
 */
export async function paidCostAnswer(
  context: GatewayContext,
  row: TransactionRecord,
  event: { readonly eventType: string; readonly created: boolean; readonly latestWh: number | undefined; readonly now: Date },
): Promise<PaidCostAnswer> {
  if (context.version !== '2.1') return {};
  const maxEnergy = event.eventType === 'Started' && event.created && row.maxEnergyWh !== null ? { maxEnergy: row.maxEnergyWh } : {};
  if (!isPaidTag(row.startTag) || !row.workflowId || !context.db.paymentOfSession) {
    return 'maxEnergy' in maxEnergy ? { transactionLimit: maxEnergy } : {};
  }
  const payment = await context.db.paymentOfSession(row.workflowId);
  if (!payment) return 'maxEnergy' in maxEnergy ? { transactionLimit: maxEnergy } : {};
  if (event.eventType === 'Started') {
    return { transactionLimit: { ...maxEnergy, maxCost: major(payment.holdAmountMinor, payment.currency) } };
  }
  const energyWh = row.energyWh ?? Math.max(0, (event.latestWh ?? row.lastMeterWh ?? row.meterStartWh) - row.meterStartWh);
  const cost = costOf(
    payment.pricing as unknown as PricingSnapshot,
    { energyWh, startedAt: row.startedAt, stoppedAt: row.stoppedAt ?? event.now, unpluggedAt: null },
    0,
  );
  return { totalCost: major(Math.min(cost.totalMinor, payment.holdAmountMinor), payment.currency) };
}

import type { Repositories } from './index.ts';
import type { Pricing } from './charge-points.ts';

/** A connector as the paid-charging offer sees it: names, pricing, live state and whether anything uses it. */
export interface ConnectorOfferState {
  readonly chargePointId: string;
  readonly stationName: string;
  readonly evseId: number;
  readonly connectorName: string | null;
  readonly pricing: Pricing;
  readonly online: boolean;
  readonly nodeId: string | null;
  readonly protocol: string | null;
  /** Mapped status (`Available`, `Occupied`, …). */
  readonly status: string;
  readonly ocppStatus: string | null;
  readonly statusAt: Date | null;
  /** An open transaction on the connector that belongs to a session (authorized, remote or paid), if any. */
  readonly openTransactionId: number | null;
  /**
   * A 2.x transaction the station opened at plug-in (TxStartPoint `EVConnected`) that nobody has authorized yet: no
   * id token, no remote start, no payment. It does not make the connector busy: a paid session adopts it.
   */
  readonly unauthorizedTransactionId: number | null;
  /** The workflow of the active paid session holding the connector, if any. */
  readonly activePaymentWorkflowId: string | null;
}

/**
 * Reads what decides a paid-charging offer on one connector (station, connector row, open transaction, active
 * payment); null when the station (not deleted) or the connector does not exist. Several reads, no transaction: the
 * payment table's unique index, not this read, decides a race.
 */
export async function readConnectorOffer(db: Repositories, chargePointId: string, evseId: number): Promise<ConnectorOfferState | null> {
  if (!Number.isSafeInteger(evseId) || evseId < 1) return null;
  const station = await db.chargePoints.get(chargePointId);
  if (!station || station.deletedAt !== null) return null;
  const connectors = (await db.connectors.list(chargePointId)).filter((c) => c.evseId === evseId);
  if (connectors.length === 0) return null;
  // a 2.x EVSE with several connectors: the most recently reported one speaks for it
  const connector = connectors.reduce((a, b) => ((b.statusAt?.getTime() ?? 0) > (a.statusAt?.getTime() ?? 0) ? b : a));
  const open = await db.transactions.listOpen(chargePointId, evseId);
  const unauthorized = open.filter((t) => t.startTag === null && t.remoteStartId === null && t.paymentId === null);
  const owned = open.find((t) => !unauthorized.includes(t));
  const payment = await db.payments.activeOn(chargePointId, evseId);
  return {
    chargePointId,
    stationName: station.name,
    evseId,
    connectorName: connectors.find((c) => c.name)?.name ?? null,
    pricing: station.pricing,
    online: station.online,
    nodeId: station.nodeId,
    protocol: station.protocol,
    status: connector.status,
    ocppStatus: connector.ocppStatus,
    statusAt: connector.statusAt,
    openTransactionId: owned?.id ?? null,
    unauthorizedTransactionId: unauthorized[0]?.id ?? null,
    activePaymentWorkflowId: payment?.workflowId ?? null,
  };
}

import { z } from 'zod';
import type { ChargePointRecord, ConnectorRecord } from '@csms/db';
import { iso, isoTime, isoTimeOrNull } from '../schemas.ts';

/** A connector in API responses; `connectorId` is the 1.6 connector id / 2.x EVSE id used in URLs. */
export const connectorSchema = z.object({
  connectorId: z.number().int(),
  evseConnectorId: z.number().int().describe('2.x connector id within the EVSE (1 for 1.6)'),
  name: z.string().nullable(),
  status: z.enum(['Available', 'Occupied', 'Unavailable', 'Faulted', 'Unknown']),
  ocppStatus: z.string().nullable(),
  errorCode: z.string().nullable(),
  statusAt: isoTimeOrNull,
  meterWh: z.number().int().nullable(),
  meterAt: isoTimeOrNull,
  powerW: z.number().int().nullable(),
  soc: z.number().int().nullable(),
});

/** Pricing as stored: money in minor units, energy price per MWh. */
export const pricingSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  pricePerMwhMinor: z.number().int().min(0),
  maxEnergyWh: z.number().int().min(0).nullable(),
  sessionFeeMinor: z.number().int().min(0),
  usageFeePerMinuteMinor: z.number().int().min(0),
  freeMinutes: z.number().int().min(0),
  maxBillableMinutes: z.number().int().min(0).nullable(),
  usageFeeFrom: z
    .enum(['sessionStart', 'chargingEnd'])
    .describe('sessionStart: the per-minute fee counts while charging; chargingEnd: from the stop to the unplug (idle fee)'),
  freeCharging: z.boolean(),
});

/** A station in API responses. The Basic-auth password is never returned, only whether one is set. */
export const chargePointSchema = z.object({
  id: z.string(),
  name: z.string(),
  comment: z.string().nullable(),
  online: z.boolean(),
  protocol: z.string().nullable(),
  connectedAt: isoTimeOrNull,
  lastSeenAt: isoTimeOrNull,
  hasBasicAuthPassword: z.boolean(),
  clientCertThumbprint: z.string().nullable(),
  securityProfile: z.number().int(),
  heartbeatInterval: z.number().int(),
  lenient: z.boolean(),
  boot: z.object({
    vendor: z.string().nullable(),
    model: z.string().nullable(),
    chargePointSerialNumber: z.string().nullable(),
    chargeBoxSerialNumber: z.string().nullable(),
    firmwareVersion: z.string().nullable(),
    iccid: z.string().nullable(),
    imsi: z.string().nullable(),
    meterType: z.string().nullable(),
    meterSerialNumber: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  bootedAt: isoTimeOrNull,
  pricing: pricingSchema,
  connectors: z.array(connectorSchema),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** Maps a connector row to {@link connectorSchema}. */
export function connectorView(c: ConnectorRecord): z.input<typeof connectorSchema> {
  return {
    connectorId: c.evseId,
    evseConnectorId: c.connectorId,
    name: c.name,
    status: c.status,
    ocppStatus: c.ocppStatus,
    errorCode: c.errorCode,
    statusAt: iso(c.statusAt),
    meterWh: c.meterWh,
    meterAt: iso(c.meterAt),
    powerW: c.powerW,
    soc: c.soc,
  };
}

/** Maps a station and its connectors to {@link chargePointSchema}. */
export function chargePointView(cp: ChargePointRecord, connectors: readonly ConnectorRecord[]): z.input<typeof chargePointSchema> {
  return {
    id: cp.id,
    name: cp.name,
    comment: cp.comment,
    online: cp.online,
    protocol: cp.protocol,
    connectedAt: iso(cp.connectedAt),
    lastSeenAt: iso(cp.lastSeenAt),
    hasBasicAuthPassword: cp.basicAuthPasswordHash !== null,
    clientCertThumbprint: cp.clientCertThumbprint,
    securityProfile: cp.securityProfile,
    heartbeatInterval: cp.heartbeatInterval,
    lenient: cp.lenient,
    boot: { ...cp.boot },
    bootedAt: iso(cp.bootedAt),
    pricing: { ...cp.pricing },
    connectors: connectors.map(connectorView),
    createdAt: iso(cp.createdAt),
    updatedAt: iso(cp.updatedAt),
  };
}

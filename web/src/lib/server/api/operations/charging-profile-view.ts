import { z } from 'zod';
import type { ChargingProfileRecord } from '@csms/db';
import { iso, isoTimeOrNull } from '../schemas.ts';

/** A stored profile as the API shows it. */
export const chargingProfileView = z.object({
  chargingProfileId: z.number().int().describe('allocated by the system, unique per station'),
  connectorId: z.number().int(),
  stackLevel: z.number().int(),
  chargingProfilePurpose: z.string(),
  chargingProfileKind: z.string(),
  recurrencyKind: z.string().nullable(),
  validFrom: isoTimeOrNull,
  validTo: isoTimeOrNull,
  transactionId: z.number().int().nullable(),
  chargingSchedule: z.record(z.string(), z.unknown()).describe('the OCPP 1.6 chargingSchedule as sent'),
  status: z.string().describe('Sent, Accepted, Rejected, NotSupported, Cleared, Replaced or Failed'),
  statusDetail: z.string().nullable(),
  origin: z.string().describe('Operator, ChargingLimit or RemoteStart'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The API view of a stored profile. */
export function toProfileView(p: ChargingProfileRecord): z.input<typeof chargingProfileView> {
  return {
    chargingProfileId: p.chargingProfileId,
    connectorId: p.connectorId,
    stackLevel: p.stackLevel,
    chargingProfilePurpose: p.purpose,
    chargingProfileKind: p.kind,
    recurrencyKind: p.recurrencyKind,
    validFrom: p.validFrom ? iso(p.validFrom) : null,
    validTo: p.validTo ? iso(p.validTo) : null,
    transactionId: p.transactionId,
    chargingSchedule: p.schedule as Record<string, unknown>,
    status: p.status,
    statusDetail: p.statusDetail,
    origin: p.origin,
    createdBy: p.createdBy,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

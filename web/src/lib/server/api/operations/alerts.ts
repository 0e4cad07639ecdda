import { ALERT_KINDS, MAX_ALERT_PAGE } from '@csms/db';
import { z } from 'zod';
import { listAlerts } from '../../alerts/alert-list.ts';
import { defineOperation } from '../operation.ts';
import { isoTime, isoTimeOrNull } from '../schemas.ts';

const station = { chargePointId: z.string(), name: z.string() };

const itemSchemas = {
  offlineStations: z.object({ ...station, lastSeenAt: isoTime.describe('offline since the station was last heard of'), offlineReason: z.string().nullable() }),
  faultedConnectors: z.object({
    ...station,
    evseId: z.number().int().describe('1.6 connectorId or 2.x EVSE id; 0 is the whole station'),
    connectorId: z.number().int(),
    errorCode: z.string().nullable().describe('the station’s error code, null for none or NoError'),
    statusInfo: z.string().nullable(),
    since: isoTimeOrNull,
  }),
  longSessions: z.object({ ...station, transactionId: z.number().int(), evseId: z.number().int(), startedAt: isoTime }),
  failedCommands: z.object({
    ...station,
    id: z.number().int(),
    command: z.string(),
    code: z.string().describe('the error the command’s caller got, e.g. ChargePointTimeout'),
    message: z.string(),
    requestedBy: z.string().nullable(),
    failedAt: isoTime,
  }),
  securityEvents: z.object({ ...station, id: z.number().int(), type: z.string(), occurredAt: isoTime, receivedAt: isoTime, techInfo: z.string().nullable() }),
};

function section<K extends keyof typeof itemSchemas>(kind: K) {
  return z.object({ kind: z.literal(kind), total: z.number().int(), offset: z.number().int(), items: z.array(itemSchemas[kind]) });
}

const sectionSchema = z.discriminatedUnion('kind', [
  section('offlineStations'),
  section('faultedConnectors'),
  section('longSessions'),
  section('failedCommands'),
  section('securityEvents'),
]);

/** `GET /api/v1/alerts`: what needs an operator, per kind a count and one page, computed in SQL (docs/ui.md, Alerts). */
export const listAlertsOperation = defineOperation({
  operationId: 'listAlerts',
  method: 'GET',
  path: '/api/v1/alerts',
  tag: 'diagnostics',
  summary:
    'Alerts: stations offline longer than ALERT_OFFLINE_MINUTES, faulted connectors, transactions open longer than ALERT_SESSION_HOURS, failed commands and critical security events of the recent past; per kind the total and one page (worst first)',
  role: 'admin',
  query: z.object({
    kind: z.enum(ALERT_KINDS).optional().describe('only this kind (then `offset` pages it); all kinds by default'),
    limit: z.coerce.number().int().min(1).max(MAX_ALERT_PAGE).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('rows of the kind to skip; with `kind` only'),
  }),
  response: z.object({
    at: isoTime,
    thresholds: z.object({ offlineMinutes: z.number(), sessionHours: z.number(), commandFailureHours: z.number(), securityEventHours: z.number() }),
    sections: z.array(sectionSchema),
  }),
  handle: ({ query, services }) =>
    listAlerts(services, {
      limit: query.limit,
      ...(query.kind === undefined ? {} : { kinds: [query.kind], offsets: { [query.kind]: query.offset } }),
    }),
});

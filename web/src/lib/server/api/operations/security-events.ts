import { z } from 'zod';
import { defineOperation } from '../operation.ts';
import { iso, isoTime, queryBoolean, text } from '../schemas.ts';

const eventSchema = z.object({
  id: z.number().int(),
  chargePointId: z.string(),
  type: z.string().describe('from the OCPP security event list, e.g. TamperDetectionActivated'),
  critical: z.boolean().describe('the event list marks it critical'),
  occurredAt: isoTime.describe('the station’s timestamp'),
  receivedAt: isoTime,
  techInfo: z.string().nullable(),
});

/** `GET /api/v1/security-events`: newest first, paged backwards with `beforeId`. */
export const listSecurityEvents = defineOperation({
  operationId: 'listSecurityEvents',
  method: 'GET',
  path: '/api/v1/security-events',
  tag: 'diagnostics',
  summary: 'Security events stations reported (SecurityEventNotification), newest first; page with `beforeId` = the previous page’s `nextBeforeId`',
  role: 'admin',
  query: z.object({
    chargePointId: text(1, 48).optional(),
    critical: queryBoolean.optional().describe('true: only the critical ones'),
    beforeId: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  response: z.object({ items: z.array(eventSchema), nextBeforeId: z.number().int().nullable() }),
  handle: async ({ query, services }) => {
    const rows = await services.db.securityEvents.list({
      ...(query.chargePointId === undefined ? {} : { chargePointId: query.chargePointId }),
      criticalOnly: query.critical === true,
      ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
      limit: query.limit,
    });
    const items = rows.map((r) => ({ ...r, occurredAt: iso(r.occurredAt), receivedAt: iso(r.receivedAt) }));
    return { items, nextBeforeId: rows.length === query.limit ? rows[rows.length - 1]!.id : null };
  },
});

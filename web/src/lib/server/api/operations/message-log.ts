import { z } from 'zod';
import { defineOperation } from '../operation.ts';
import { iso, isoTime, timeInput, text } from '../schemas.ts';

const entrySchema = z.object({
  id: z.number().int(),
  loggedAt: isoTime,
  chargePointId: z.string(),
  direction: z.enum(['in', 'out']).describe('in: from the station'),
  messageType: z.enum(['CALL', 'CALLRESULT', 'CALLERROR']),
  action: z.string().nullable(),
  uniqueId: z.string().nullable(),
  payload: z.string().nullable().describe('the frame payload as logged (JSON text)'),
  errorCode: z.string().nullable(),
});

/** `GET /api/v1/message-log`: newest first, paged backwards with `beforeId`. */
export const listMessageLog = defineOperation({
  operationId: 'listMessageLog',
  method: 'GET',
  path: '/api/v1/message-log',
  tag: 'diagnostics',
  summary: 'The OCPP message log, newest first, filtered; page with `beforeId` = the previous page’s `nextBeforeId`',
  role: 'admin',
  query: z.object({
    chargePointId: text(1, 48).optional(),
    action: text(1, 100).optional(),
    direction: z.enum(['in', 'out']).optional(),
    messageType: z.enum(['CALL', 'CALLRESULT', 'CALLERROR']).optional(),
    uniqueId: text(1, 36).optional(),
    from: timeInput.optional(),
    to: timeInput.optional(),
    beforeId: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  response: z.object({ items: z.array(entrySchema), nextBeforeId: z.number().int().nullable() }),
  handle: async ({ query, services }) => {
    const rows = await services.db.messageLog.list(query);
    const items = rows.map((r) => ({
      id: r.id,
      loggedAt: iso(r.loggedAt),
      chargePointId: r.chargePointId,
      direction: r.direction,
      messageType: r.messageType,
      action: r.action ?? null,
      uniqueId: r.uniqueId ?? null,
      payload: r.payload ?? null,
      errorCode: r.errorCode ?? null,
    }));
    return { items, nextBeforeId: rows.length === query.limit ? rows[rows.length - 1]!.id : null };
  },
});

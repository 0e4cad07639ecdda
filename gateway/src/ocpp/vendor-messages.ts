import type { ProtocolLogger } from '../actor/handler.ts';
import type { OcppSettings } from '../config.ts';

/** What a vendor message handler answers a station's DataTransfer with. */
export interface VendorAnswer {
  readonly status: 'Accepted' | 'Rejected';
  /** 1.6: a string; 2.x: any JSON. */
  readonly data?: unknown;
}

/**
 * One vendor message the system understands (a station's DataTransfer with this vendor id and, when given, this
 * message id). Handlers are code, registered when the gateway is built (`GatewayOptions.vendorMessages`).
 */
export interface VendorMessageHandler {
  readonly vendorId: string;
  /** The message id handled; absent: every message of the vendor that no more specific handler takes. */
  readonly messageId?: string;
  handle(request: { readonly chargePointId: string; readonly data: unknown; readonly logger: ProtocolLogger }): VendorAnswer | Promise<VendorAnswer>;
}

/** The DataTransfer answer's status as OCPP names it (1.6 and 2.x alike). */
export type DataTransferStatus = 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId';

/**
 * The table of vendor messages a station's DataTransfer is answered from: a handler for the vendor id and message
 * id, else one for the whole vendor, answers; a vendor with handlers but none for this message id gets
 * `UnknownMessageId`; a vendor id listed in `OCPP_KNOWN_VENDOR_IDS` without handlers is `Accepted` and logged (as
 * before handlers existed); any other vendor id is `UnknownVendorId`. A handler that throws answers `Rejected`.
 */
export class VendorMessages {
  readonly #handlers = new Map<string, Map<string | undefined, VendorMessageHandler>>();

  constructor(
    handlers: readonly VendorMessageHandler[],
    private readonly knownVendorIds: ReadonlySet<string>,
  ) {
    for (const handler of handlers) {
      const byMessage = this.#handlers.get(handler.vendorId) ?? new Map<string | undefined, VendorMessageHandler>();
      if (byMessage.has(handler.messageId)) throw new Error(`two vendor message handlers for ${handler.vendorId} ${handler.messageId ?? '(any message)'}`);
      byMessage.set(handler.messageId, handler);
      this.#handlers.set(handler.vendorId, byMessage);
    }
  }

  /** The answer to a station's DataTransfer. */
  async answer(
    request: { readonly chargePointId: string; readonly vendorId: string; readonly messageId?: string; readonly data?: unknown },
    logger: ProtocolLogger,
  ): Promise<{ readonly status: DataTransferStatus; readonly data?: unknown }> {
    const byMessage = this.#handlers.get(request.vendorId);
    const handler = byMessage?.get(request.messageId) ?? byMessage?.get(undefined);
    const fields = { vendorId: request.vendorId, messageId: request.messageId };
    if (handler) {
      try {
        const answer = await handler.handle({ chargePointId: request.chargePointId, data: request.data, logger });
        logger.info({ ...fields, status: answer.status }, 'data transfer handled');
        return answer.data === undefined ? { status: answer.status } : { status: answer.status, data: answer.data };
      } catch (error) {
        logger.warn({ ...fields, err: error }, 'data transfer handler failed: answered Rejected');
        return { status: 'Rejected' };
      }
    }
    if (byMessage) {
      logger.info(fields, 'data transfer of an unknown message id');
      return { status: 'UnknownMessageId' };
    }
    const known = this.knownVendorIds.has(request.vendorId);
    logger.info({ ...fields, known }, 'data transfer');
    return { status: known ? 'Accepted' : 'UnknownVendorId' };
  }
}

/** The connection's table; a context built without one (handler tests) answers from the known vendor ids alone. */
export function vendorMessagesOf(context: { readonly vendorMessages?: VendorMessages; readonly settings: Pick<OcppSettings, 'knownVendorIds'> }): VendorMessages {
  return context.vendorMessages ?? new VendorMessages([], context.settings.knownVendorIds);
}

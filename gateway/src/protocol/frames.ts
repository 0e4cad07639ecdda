/**
 * OCPP-J message frames as they travel on the wire: JSON arrays whose first element is the message type number
 * (OCPP-J 1.6 §4.1.3, 2.x Part 4 §4.1.3). The frame types are the parsed arrays themselves, so parsing allocates
 * nothing beyond what `JSON.parse` already built.
 */
export const MessageType = {
  /** A request: `[2, messageId, action, payload]`. */
  Call: 2,
  /** The answer to a CALL: `[3, messageId, payload]`. */
  CallResult: 3,
  /** An error answer to a CALL: `[4, messageId, errorCode, errorDescription, errorDetails]`. */
  CallError: 4,
  /** 2.1 only: an error answer to a CALLRESULT: `[5, messageId, errorCode, errorDescription, errorDetails]`. */
  CallResultError: 5,
  /** 2.1 only: an unconfirmed message that gets no answer: `[6, messageId, action, payload]`. */
  Send: 6,
} as const;

/** One of the numbers in {@link MessageType}. */
export type MessageTypeId = (typeof MessageType)[keyof typeof MessageType];

/** A JSON object payload. OCPP payloads are always objects (OCPP-J 2.x Part 4 §4.1.5). */
export type JsonObject = { [key: string]: unknown };

/** `[2, messageId, action, payload]` */
export type CallFrame<P = JsonObject> = [typeof MessageType.Call, string, string, P];
/** `[3, messageId, payload]` */
export type CallResultFrame<P = JsonObject> = [typeof MessageType.CallResult, string, P];
/** `[4, messageId, errorCode, errorDescription, errorDetails]` */
export type CallErrorFrame = [typeof MessageType.CallError, string, string, string, JsonObject];
/** `[5, messageId, errorCode, errorDescription, errorDetails]` (2.1) */
export type CallResultErrorFrame = [typeof MessageType.CallResultError, string, string, string, JsonObject];
/** `[6, messageId, action, payload]` (2.1) */
export type SendFrame<P = JsonObject> = [typeof MessageType.Send, string, string, P];

/** Any well-formed frame. */
export type Frame = CallFrame | CallResultFrame | CallErrorFrame | CallResultErrorFrame | SendFrame;

import { MessageType } from './frames.ts';

/** OCPP-J 2.x Part 4 table 7: ErrorDescription is string[255]. 1.6 sets no limit; the shorter bound suits both. */
const MAX_ERROR_DESCRIPTION = 255;

const EMPTY_DETAILS = '{}';

/** `[2,"id","Action",{…}]` */
export function serializeCall(messageId: string, action: string, payload: object): string {
  return `[${MessageType.Call},${JSON.stringify(messageId)},${JSON.stringify(action)},${JSON.stringify(payload)}]`;
}

/** `[3,"id",{…}]` */
export function serializeCallResult(messageId: string, payload: object): string {
  return `[${MessageType.CallResult},${JSON.stringify(messageId)},${JSON.stringify(payload)}]`;
}

/** `[4,"id","Code","description",{…}]`; the description is cut to 255 characters. */
export function serializeCallError(
  messageId: string,
  errorCode: string,
  description = '',
  details?: object,
): string {
  return serializeError(MessageType.CallError, messageId, errorCode, description, details);
}

/** `[5,"id","Code","description",{…}]` (2.1 CALLRESULTERROR: we could not process the peer's CALLRESULT). */
export function serializeCallResultError(
  messageId: string,
  errorCode: string,
  description = '',
  details?: object,
): string {
  return serializeError(MessageType.CallResultError, messageId, errorCode, description, details);
}

/** `[6,"id","Action",{…}]` (2.1 SEND: an unconfirmed message). */
export function serializeSend(messageId: string, action: string, payload: object): string {
  return `[${MessageType.Send},${JSON.stringify(messageId)},${JSON.stringify(action)},${JSON.stringify(payload)}]`;
}

function serializeError(
  type: number,
  messageId: string,
  errorCode: string,
  description: string,
  details: object | undefined,
): string {
  const text = description.length > MAX_ERROR_DESCRIPTION ? description.slice(0, MAX_ERROR_DESCRIPTION) : description;
  const detailsJson = details === undefined ? EMPTY_DETAILS : JSON.stringify(details);
  return `[${type},${JSON.stringify(messageId)},${JSON.stringify(errorCode)},${JSON.stringify(text)},${detailsJson}]`;
}

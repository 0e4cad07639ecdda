/**
 * The pure OCPP-J protocol part of the gateway (types, schemas, validation, framing, error codes), shared with the
 * simulators as `@csms/gateway/protocol`. No sockets, no database, no work at import time.
 */
export {
  isOcpp2,
  OCPP_SUBPROTOCOLS,
  OCPP_VERSIONS,
  type OcppSubprotocol,
  type OcppVersion,
  versionOfSubprotocol,
} from '@csms/temporal/ocpp-version';
export { type NegotiatedSubprotocol, negotiateSubprotocol } from './subprotocol.ts';
export {
  errorCodeFor,
  isOcppErrorCode,
  OCPP16_ERROR_CODES,
  OCPP2_ERROR_CODES,
  type Ocpp16ErrorCode,
  type Ocpp2ErrorCode,
  type OcppErrorCode,
  type RpcErrorKind,
} from './error-codes.ts';
export {
  type CallErrorFrame,
  type CallFrame,
  type CallResultErrorFrame,
  type CallResultFrame,
  type Frame,
  type JsonObject,
  MessageType,
  type MessageTypeId,
  type SendFrame,
} from './frames.ts';
export {
  type FrameViolation,
  isFrameViolation,
  MAX_MESSAGE_ID_LENGTH,
  parseFrame,
  UNREADABLE_MESSAGE_ID,
} from './parse.ts';
export {
  serializeCall,
  serializeCallError,
  serializeCallResult,
  serializeCallResultError,
  serializeSend,
} from './serialize.ts';
export { type JsonSchema, loadOcppSchemas, OCPP_SCHEMA_SOURCES, type OcppSchemaSet } from './schemas/schema-source.ts';
export { OcppValidator, type SchemaDirection } from './schemas/validator.ts';
export type { SchemaViolation } from './schemas/violation.ts';
export type * as Ocpp16 from './types/ocpp16.ts';
export type * as Ocpp201 from './types/ocpp201.ts';
export type * as Ocpp21 from './types/ocpp21.ts';

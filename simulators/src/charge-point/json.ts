import type { JsonObject } from '@csms/gateway/protocol';

/** A typed payload (the generated OCPP interfaces) as the link's JSON object type. */
export function json(payload: object): JsonObject {
  return payload as JsonObject;
}

/** A validated CALLRESULT payload as its generated OCPP type (the link already checked it against the schema). */
export function typed<T>(payload: JsonObject): T {
  return payload as T;
}

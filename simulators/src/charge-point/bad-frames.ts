import type { OcppVersion } from '@csms/gateway/protocol';

/** The kinds of deliberately broken frames a simulated station can send (for tests of a server's framing). */
export const BAD_FRAME_KINDS = [
  'notJson',
  'notArray',
  'unknownMessageType',
  'missingAction',
  'payloadNotObject',
  'messageIdTooLong',
  'unknownAction',
  'missingRequiredField',
  'wrongFieldType',
  'unknownEnumValue',
] as const;

/** One of {@link BAD_FRAME_KINDS}. */
export type BadFrameKind = (typeof BAD_FRAME_KINDS)[number];

/**
 * The text of a broken frame and the message id its answer will carry: the frame's own id where the server can
 * read one, `"-1"` where it cannot (OCPP-J 2.x Part 4 §4.2.3).
 */
export function badFrame(kind: BadFrameKind, id: string, version: OcppVersion): { text: string; messageId: string } {
  const q = JSON.stringify(id);
  const boot =
    version === '1.6'
      ? { chargePointVendor: 'CSMS', chargePointModel: 'Simulator' }
      : { reason: 'PowerUp', chargingStation: { vendorName: 'CSMS', model: 'Simulator' } };
  switch (kind) {
    case 'notJson':
      return { text: `[2,${q},"Heartbeat",{`, messageId: '-1' };
    case 'notArray':
      return { text: `{"messageTypeId":2,"messageId":${q}}`, messageId: '-1' };
    case 'unknownMessageType':
      return { text: `[9,${q},"Heartbeat",{}]`, messageId: id };
    case 'missingAction':
      return { text: `[2,${q}]`, messageId: id };
    case 'payloadNotObject':
      return { text: `[2,${q},"Heartbeat",[]]`, messageId: id };
    case 'messageIdTooLong': {
      const long = `${id}-${'x'.repeat(40)}`;
      return { text: `[2,${JSON.stringify(long)},"Heartbeat",{}]`, messageId: long };
    }
    case 'unknownAction':
      return { text: `[2,${q},"NoSuchAction",{}]`, messageId: id };
    case 'missingRequiredField':
      return { text: `[2,${q},"BootNotification",{}]`, messageId: id };
    case 'wrongFieldType': {
      const payload = version === '1.6' ? { ...boot, chargePointVendor: 42 } : { ...boot, chargingStation: { vendorName: 42, model: 'Simulator' } };
      return { text: `[2,${q},"BootNotification",${JSON.stringify(payload)}]`, messageId: id };
    }
    case 'unknownEnumValue': {
      const payload =
        version === '1.6'
          ? { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' }
          : { timestamp: new Date().toISOString(), connectorStatus: 'Sleeping', evseId: 1, connectorId: 1 };
      return { text: `[2,${q},"StatusNotification",${JSON.stringify(payload)}]`, messageId: id };
    }
  }
}

import type { JsonObject, OcppVersion } from '@csms/gateway/protocol';
import { SchemaViolationError } from '../errors.ts';
import { validatorFor } from '../validators.ts';

/** Actions a load run can mix. */
export const LOAD_ACTIONS = ['Heartbeat', 'MeterValues', 'StatusNotification', 'Authorize', 'DataTransfer'] as const;

/** One of {@link LOAD_ACTIONS}. */
export type LoadAction = (typeof LOAD_ACTIONS)[number];

/** A CALL frame split around its message id, so sending one costs two string concatenations. */
export interface FrameTemplate {
  readonly action: LoadAction;
  readonly prefix: string;
  readonly suffix: string;
}

function payloadOf(version: OcppVersion, action: LoadAction, timestamp: string): JsonObject {
  const v16 = version === '1.6';
  switch (action) {
    case 'Heartbeat':
      return {};
    case 'MeterValues':
      return v16
        ? { connectorId: 1, meterValue: [{ timestamp, sampledValue: [
            { value: '123456', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '11000', measurand: 'Power.Active.Import', unit: 'W' },
            { value: '16.0', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
            { value: '230', measurand: 'Voltage', unit: 'V', phase: 'L1-N' },
            { value: '55', measurand: 'SoC', unit: 'Percent', location: 'EV' },
          ] }] }
        : { evseId: 1, meterValue: [{ timestamp, sampledValue: [
            { value: 123456, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
            { value: 11000, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } },
            { value: 16, measurand: 'Current.Import', phase: 'L1', unitOfMeasure: { unit: 'A' } },
            { value: 230, measurand: 'Voltage', phase: 'L1-N', unitOfMeasure: { unit: 'V' } },
            { value: 55, measurand: 'SoC', location: 'EV', unitOfMeasure: { unit: 'Percent' } },
          ] }] };
    case 'StatusNotification':
      return v16
        ? { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp }
        : { timestamp, connectorStatus: 'Available', evseId: 1, connectorId: 1 };
    case 'Authorize':
      return v16 ? { idTag: 'LOADTAG1' } : { idToken: { idToken: 'LOADTAG1', type: 'ISO14443' } };
    case 'DataTransfer':
      return { vendorId: 'org.csms.load', messageId: 'ping' };
  }
}

/** BootNotification of a load station. */
export function bootPayload(version: OcppVersion): JsonObject {
  return version === '1.6'
    ? { chargePointVendor: 'CSMS', chargePointModel: 'LoadStation' }
    : { reason: 'PowerUp', chargingStation: { vendorName: 'CSMS', model: 'LoadStation' } };
}

/**
 * Pre-serialized frames for each action of the mix, checked once against the official schema (so a load run
 * never measures a server busy refusing malformed messages).
 */
export function frameTemplates(version: OcppVersion, actions: readonly LoadAction[]): FrameTemplate[] {
  const timestamp = new Date().toISOString();
  const validator = validatorFor(version);
  return actions.map((action) => {
    const payload = payloadOf(version, action, timestamp);
    const violation = validator.validate('request', action, payload);
    if (violation !== undefined) throw new SchemaViolationError(`${action}: ${violation.description}`);
    return { action, prefix: '[2,"', suffix: `",${JSON.stringify(action)},${JSON.stringify(payload)}]` };
  });
}

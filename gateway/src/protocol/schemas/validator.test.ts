import { describe, expect, it } from 'vitest';
import { OCPP16_HANDLED_ACTIONS, OCPP2_HANDLED_ACTIONS } from '../../actor/handler.ts';
import { OCPP_VERSIONS } from '@csms/temporal/ocpp-version';
import { loadOcppSchemas } from './schema-source.ts';
import { OcppValidator } from './validator.ts';

// One validator per version for the whole file: compiling is the slow part.
const v16 = new OcppValidator('1.6');
const v201 = new OcppValidator('2.0.1');
const v21 = new OcppValidator('2.1');

describe('OCA schema sets', () => {
  it('have a request and a response schema for every action of every version', () => {
    const counts = OCPP_VERSIONS.map((version) => {
      const set = loadOcppSchemas(version);
      expect([...set.requests.keys()].sort()).toEqual([...set.responses.keys()].sort());
      return [version, set.requests.size, set.sends.size];
    });
    // 1.6: 28 core + 11 security-whitepaper actions; 2.0.1: 64; 2.1: 90 and the SEND NotifyPeriodicEventStream.
    expect(counts).toEqual([['1.6', 39, 0], ['2.0.1', 64, 0], ['2.1', 90, 1]]);
  });

  it('cover every action the gateway handles', () => {
    for (const action of OCPP16_HANDLED_ACTIONS) expect(v16.hasRequest(action)).toBe(true);
    for (const action of OCPP2_HANDLED_ACTIONS) {
      expect(v201.hasRequest(action)).toBe(true);
      expect(v21.hasRequest(action)).toBe(true);
    }
  });

  it('compile completely for all three versions with Ajv 8 (2.1 after the in-memory $id rewrite)', () => {
    for (const validator of [v16, v201, v21]) expect(() => validator.compileAll()).not.toThrow();
  });
});

describe('OcppValidator', () => {
  const boot16 = { chargePointVendor: 'ACME', chargePointModel: 'One' };

  it('accepts valid payloads without a violation', () => {
    expect(v16.validate('request', 'BootNotification', boot16)).toBeUndefined();
    expect(v16.validate('response', 'Heartbeat', { currentTime: '2026-01-01T00:00:00Z' })).toBeUndefined();
    expect(v201.validate('request', 'BootNotification', { reason: 'PowerUp', chargingStation: { model: 'm', vendorName: 'v' } })).toBeUndefined();
    expect(v21.validate('send', 'NotifyPeriodicEventStream', { id: 1, pending: 0, basetime: '2026-01-01T00:00:00Z', data: [{ t: 0, v: '1' }] })).toBeUndefined();
  });

  it('maps a missing required field to an occurrence constraint violation', () => {
    expect(v16.validate('request', 'BootNotification', { chargePointVendor: 'ACME' })?.kind).toBe('OccurrenceConstraintViolation');
  });

  it('maps a wrong JSON type to a type constraint violation', () => {
    expect(v16.validate('request', 'StatusNotification', { connectorId: '1', errorCode: 'NoError', status: 'Available' })?.kind).toBe('TypeConstraintViolation');
  });

  it('maps enum, maxLength and format violations to property constraint violations', () => {
    expect(v16.validate('request', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Occupied' })?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'Authorize', { idTag: 'x'.repeat(21) })?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'StartTransaction', { connectorId: 1, idTag: 't', meterStart: 0, timestamp: 'yesterday' })?.kind).toBe('PropertyConstraintViolation');
  });

  it('maps unknown properties and a non-object payload to a format violation', () => {
    expect(v16.validate('request', 'Heartbeat', { extra: 1 })?.kind).toBe('FormatViolation');
    expect(v201.validate('request', 'Heartbeat', [])?.kind).toBe('FormatViolation');
  });

  it('reports an unknown action as NotImplemented', () => {
    expect(v16.validate('request', 'TransactionEvent', {})?.kind).toBe('NotImplemented');
  });

  it('handles multipleOf 0.1 without float errors (1.6 charging schedules)', () => {
    const profile = {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 0.3 }] },
      },
    };
    expect(v16.validate('request', 'SetChargingProfile', profile)).toBeUndefined();
  });

  describe('lenient mode', () => {
    it('marks violations a handler can live with as soft', () => {
      const violation = v16.validate('request', 'Authorize', { idTag: 'x'.repeat(25), extra: true }, true);
      expect(violation).toMatchObject({ soft: true });
      expect(violation?.description).toContain('20 characters');
      expect(violation?.description).toContain('additional properties');
    });

    it('never softens a missing field or a wrong type, even behind a soft one', () => {
      expect(v16.validate('request', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Occupied', info: 5 }, true)).toMatchObject({ soft: false });
      expect(v16.validate('request', 'Authorize', {}, true)).toMatchObject({ soft: false });
    });
  });
});

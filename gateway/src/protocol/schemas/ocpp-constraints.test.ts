import { describe, expect, it } from 'vitest';
import { OcppValidator } from './validator.ts';

/*
 * Regressions found by the OCPP frame fuzzer (docs/reliability.md "Hostile OCPP input"): payloads the OCA schema
 * files accept but the specifications' text does not, each of which reached the database and came back as an
 * InternalError, or a wrong error code.
 */
const v16 = new OcppValidator('1.6');
const v201 = new OcppValidator('2.0.1');
const v21 = new OcppValidator('2.1');
const now = '2026-01-01T00:00:00Z';

describe('OCPP constraints beyond the schema files', () => {
  it('refuses an integer beyond 32 bits as a property constraint violation (it failed in the database)', () => {
    const start = { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: now };
    expect(v16.validate('request', 'StartTransaction', { ...start, connectorId: 2 ** 53 })?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'StartTransaction', { ...start, meterStart: -(2 ** 31) - 1 })?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'StartTransaction', { ...start, meterStart: 2 ** 31 - 1 })).toBeUndefined();
    const event = { eventType: 'Updated', timestamp: now, triggerReason: 'MeterValuePeriodic', seqNo: 2 ** 31, transactionInfo: { transactionId: 't' } };
    expect(v201.validate('request', 'TransactionEvent', event)?.kind).toBe('PropertyConstraintViolation');
    expect(v21.validate('request', 'TransactionEvent', { ...event, seqNo: 1e21 })?.kind).toBe('PropertyConstraintViolation');
  });

  it('does not let a lenient station through with an integer beyond 32 bits or a U+0000', () => {
    expect(v16.validate('request', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 2 ** 40, timestamp: now }, true)?.soft).toBe(false);
    expect(v16.validate('request', 'Authorize', { idTag: 'A\u0000' }, true)?.soft).toBe(false);
  });

  it('refuses a number literal beyond a double (1e400 parses as Infinity) as a type constraint violation', () => {
    const payload = JSON.parse('{"connectorId":1,"idTag":"T","meterStart":1e400,"timestamp":"2026-01-01T00:00:00Z"}') as unknown;
    expect(v16.validate('request', 'StartTransaction', payload)?.kind).toBe('TypeConstraintViolation');
    const meter = JSON.parse('{"evseId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":-1e400}]}]}') as unknown;
    expect(v201.validate('request', 'MeterValues', meter)?.kind).toBe('TypeConstraintViolation');
    // large decimals are legal meter readings
    expect(v201.validate('request', 'MeterValues', { evseId: 1, meterValue: [{ timestamp: now, sampledValue: [{ value: 1e21 }] }] })).toBeUndefined();
  });

  it('refuses a negative connector or EVSE id, as 1.6 and 2.0.1 say in prose and 2.1 in its schemas', () => {
    expect(v16.validate('request', 'StatusNotification', { connectorId: -1, errorCode: 'NoError', status: 'Available' })?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'MeterValues', { connectorId: -5, meterValue: [] })?.kind).toBe('PropertyConstraintViolation');
    expect(v201.validate('request', 'StatusNotification', { timestamp: now, connectorStatus: 'Available', evseId: -1, connectorId: 1 })?.kind).toBe('PropertyConstraintViolation');
    const event = { eventType: 'Started', timestamp: now, triggerReason: 'CablePluggedIn', seqNo: 0, transactionInfo: { transactionId: 't' }, evse: { id: -1 } };
    expect(v201.validate('request', 'TransactionEvent', event)?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' })).toBeUndefined();
  });

  it('refuses an empty 2.x transactionId (it had no row to name)', () => {
    const event = { eventType: 'Ended', timestamp: now, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: '' } };
    expect(v201.validate('request', 'TransactionEvent', event)?.kind).toBe('PropertyConstraintViolation');
    expect(v21.validate('request', 'TransactionEvent', event)?.kind).toBe('PropertyConstraintViolation');
  });

  it('refuses U+0000 in any string (it cut the SQL statement on SQLite; PostgreSQL cannot store it)', () => {
    const boot = { reason: 'ApplicationReset', chargingStation: { model: 'M', vendorName: 'V', modem: { iccid: '\u0000' } } };
    expect(v201.validate('request', 'BootNotification', boot)?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'Authorize', { idTag: 'a\u0000b' })?.kind).toBe('PropertyConstraintViolation');
    expect(v16.validate('request', 'Authorize', { idTag: 'Zürich-😀' })).toBeUndefined();
  });

  it('refuses an unpaired surrogate (PostgreSQL refused the session event\'s JSON with it)', () => {
    const token = JSON.parse('"\\udfff\\ud800"') as string;
    expect(v21.validate('request', 'Authorize', { idToken: { idToken: token, type: 'Central' } })?.kind).toBe('PropertyConstraintViolation');
    expect(v201.validate('request', 'Authorize', { idToken: { idToken: 'a\ud800', type: 'Central' } }, true)?.soft).toBe(false);
  });

  it('calls a non-string in an enum field a type constraint violation, as the specs\' own example says', () => {
    expect(v16.validate('request', 'StopTransaction', { meterStop: 1, timestamp: now, transactionId: 1, reason: 12 })?.kind).toBe('TypeConstraintViolation');
    expect(v201.validate('request', 'BootNotification', { reason: null, chargingStation: { model: 'M', vendorName: 'V' } })?.kind).toBe('TypeConstraintViolation');
    expect(v16.validate('request', 'StopTransaction', { meterStop: 1, timestamp: now, transactionId: 1, reason: 'Sideways' })?.kind).toBe('PropertyConstraintViolation');
  });
});

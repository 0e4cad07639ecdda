import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { sealSecret, webPaymentsSecret, type SecretKey } from '@csms/db';
import { FailureType, WEB_PAYMENTS_SECRET_PLACEHOLDER } from '@csms/temporal';
import { createGatewayActivities } from './call-charge-point.activity.ts';

const key: SecretKey = { bytes: Buffer.alloc(32, 7), source: 'env' };

function fakeActor() {
  const sent: { action: string; payload: unknown }[] = [];
  return {
    sent,
    actor: {
      closed: false,
      call: (action: string, payload: object) => {
        sent.push({ action, payload });
        return Promise.resolve({ setVariableResult: [] });
      },
    },
  };
}

const setSecret = {
  setVariableData: [
    { attributeValue: WEB_PAYMENTS_SECRET_PLACEHOLDER, component: { name: 'WebPaymentsCtrlr' }, variable: { name: 'SharedSecret' } },
    { attributeValue: '60', component: { name: 'WebPaymentsCtrlr' }, variable: { name: 'ValidityTime' } },
  ],
};

describe('callChargePoint and the web payments secret', () => {
  it('puts the station’s derived secret in place of the placeholder, only on the node', async () => {
    const { actor, sent } = fakeActor();
    const activities = createGatewayActivities(() => actor as never, { secretKey: key });
    await activities.callChargePoint({ chargePointId: 'station42', action: 'SetVariables', payload: setSecret, callTimeoutMs: 1000 });
    const values = (sent[0]!.payload as typeof setSecret).setVariableData.map((entry) => entry.attributeValue);
    expect(values).toEqual([webPaymentsSecret(key, 'station42'), '60']);
    // the workflow's payload (its history) keeps the placeholder
    expect(setSecret.setVariableData[0]!.attributeValue).toBe(WEB_PAYMENTS_SECRET_PLACEHOLDER);
  });

  it('refuses to send the placeholder when the node has no server key', async () => {
    const { actor, sent } = fakeActor();
    const activities = createGatewayActivities(() => actor as never);
    const error = await activities
      .callChargePoint({ chargePointId: 'station42', action: 'SetVariables', payload: setSecret, callTimeoutMs: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe(FailureType.InvalidCommand);
    expect(sent).toEqual([]);
  });

  it('leaves every other CALL untouched', async () => {
    const { actor, sent } = fakeActor();
    const activities = createGatewayActivities(() => actor as never, { secretKey: key });
    const other = { setVariableData: [{ attributeValue: WEB_PAYMENTS_SECRET_PLACEHOLDER, component: { name: 'OCPPCommCtrlr' }, variable: { name: 'X' } }] };
    await activities.callChargePoint({ chargePointId: 'station42', action: 'SetVariables', payload: other, callTimeoutMs: 1000 });
    expect(sent[0]!.payload).toBe(other);
  });
});

describe('callChargePoint and sealed configuration values', () => {
  const inAMinute = () => Date.now() + 60_000;

  it('opens a sealed ChangeConfiguration value and a sealed SetVariables value for the station they were sealed for', async () => {
    const { actor, sent } = fakeActor();
    const activities = createGatewayActivities(() => actor as never, { secretKey: key });
    const value = sealSecret(key, { chargePointId: 'station42', key: 'AuthorizationKey' }, 'new-password-123456', inAMinute());
    await activities.callChargePoint({ chargePointId: 'station42', action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value }, callTimeoutMs: 1000 });
    const attributeValue = sealSecret(key, { chargePointId: 'station42', key: 'SecurityCtrlr.BasicAuthPassword' }, 'new-password-123456', inAMinute());
    const entry = { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } };
    await activities.callChargePoint({ chargePointId: 'station42', action: 'SetVariables', payload: { setVariableData: [{ ...entry, attributeValue }] }, callTimeoutMs: 1000 });
    expect(sent).toEqual([
      { action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: 'new-password-123456' } },
      { action: 'SetVariables', payload: { setVariableData: [{ ...entry, attributeValue: 'new-password-123456' }] } },
    ]);
  });

  it('refuses, and sends nothing, a value sealed for another station or key, an expired one, or one without the server key', async () => {
    const { actor, sent } = fakeActor();
    const activities = createGatewayActivities(() => actor as never, { secretKey: key });
    const call = (payload: Record<string, unknown>, withKey = true) =>
      (withKey ? activities : createGatewayActivities(() => actor as never))
        .callChargePoint({ chargePointId: 'station42', action: 'ChangeConfiguration', payload, callTimeoutMs: 1000 })
        .then(() => undefined, (error: unknown) => (error as ApplicationFailure).type);
    const sealedFor = (chargePointId: string, name: string, expiresAtMs = inAMinute()) => sealSecret(key, { chargePointId, key: name }, 'new-password-123456', expiresAtMs);
    expect(await call({ key: 'AuthorizationKey', value: sealedFor('station43', 'AuthorizationKey') })).toBe(FailureType.InvalidCommand);
    expect(await call({ key: 'AuthorizationKey', value: sealedFor('station42', 'SecurityCtrlr.BasicAuthPassword') })).toBe(FailureType.InvalidCommand);
    expect(await call({ key: 'AuthorizationKey', value: sealedFor('station42', 'AuthorizationKey', Date.now() - 1) })).toBe(FailureType.InvalidCommand);
    expect(await call({ key: 'AuthorizationKey', value: sealedFor('station42', 'AuthorizationKey') }, false)).toBe(FailureType.InvalidCommand);
    expect(sent).toEqual([]);
  });
});

describe('callChargePoint and secrets a station reads back', () => {
  it('redacts an AuthorizationKey or BasicAuthPassword in the answer, which the workflow history keeps', async () => {
    const answers: Record<string, unknown>[] = [
      { configurationKey: [{ key: 'AuthorizationKey', readonly: false, value: 'leaked-password-1234' }, { key: 'HeartbeatInterval', readonly: false, value: '60' }] },
      { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: 'leaked-password-1234', component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }] },
    ];
    const actor = { closed: false, call: () => Promise.resolve(answers.shift()) };
    const activities = createGatewayActivities(() => actor as never, { secretKey: key });
    const read16 = await activities.callChargePoint({ chargePointId: 'station42', action: 'GetConfiguration', payload: {}, callTimeoutMs: 1000 });
    expect(read16.payload).toEqual({ configurationKey: [{ key: 'AuthorizationKey', readonly: false, value: '[redacted]' }, { key: 'HeartbeatInterval', readonly: false, value: '60' }] });
    const read2 = await activities.callChargePoint({ chargePointId: 'station42', action: 'GetVariables', payload: {}, callTimeoutMs: 1000 });
    expect(JSON.stringify(read2.payload)).not.toContain('leaked-password-1234');
  });
});

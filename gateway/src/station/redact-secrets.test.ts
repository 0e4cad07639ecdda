import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  const password = 'pa55word-0123456789';

  it('redacts a 1.6 AuthorizationKey sent by ChangeConfiguration or read back by GetConfiguration, in any case', () => {
    const sent = redactSecrets(JSON.stringify([2, 'c1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: password }]));
    expect(JSON.parse(sent)).toEqual([2, 'c1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: REDACTED }]);
    expect(redactSecrets(JSON.stringify([2, 'c2', 'ChangeConfiguration', { key: 'authorizationkey', value: password }]))).not.toContain(password);
    const read = redactSecrets(JSON.stringify([3, 'g1', { configurationKey: [
      { key: 'AuthorizationKey', readonly: false, value: password },
      { key: 'HeartbeatInterval', readonly: false, value: '300' },
    ] }]));
    expect(JSON.parse(read)[2].configurationKey.map((entry: { value: string }) => entry.value)).toEqual([REDACTED, '300']);
  });

  it('redacts a 2.x SecurityCtrlr.BasicAuthPassword set or read, and leaves other variables alone', () => {
    const set = redactSecrets(JSON.stringify([2, 's1', 'SetVariables', { setVariableData: [
      { attributeValue: password, component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } },
      { attributeValue: '2', component: { name: 'SecurityCtrlr' }, variable: { name: 'SecurityProfile' } },
    ] }]));
    expect(set).not.toContain(password);
    expect(JSON.parse(set)[3].setVariableData.map((entry: { attributeValue: string }) => entry.attributeValue)).toEqual([REDACTED, '2']);
    const read = redactSecrets(JSON.stringify([3, 'g1', { getVariableResult: [
      { attributeStatus: 'Accepted', attributeValue: password, component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } },
    ] }]));
    expect(read).not.toContain(password);
  });

  it('passes frames without secrets through untouched, and keeps nothing of an unparsable one that names a secret', () => {
    const heartbeat = '[2,"h","Heartbeat",{}]';
    expect(redactSecrets(heartbeat)).toBe(heartbeat);
    const other = JSON.stringify([2, 'c3', 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' }]);
    expect(redactSecrets(other)).toBe(other);
    expect(redactSecrets(`[2,"c4","ChangeConfiguration",{"key":"AuthorizationKey","value":"${password}"`)).toBe(REDACTED);
  });
});

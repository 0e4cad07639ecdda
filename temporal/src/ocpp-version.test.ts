import { describe, expect, it } from 'vitest';
import { isOcpp2, OCPP_SUBPROTOCOLS, OCPP_VERSIONS, ocppVersionOf, versionOfSubprotocol } from './ocpp-version.ts';

describe('OCPP versions', () => {
  it('names the version of every sub-protocol the gateway accepts, and of nothing else', () => {
    expect(OCPP_SUBPROTOCOLS.map(versionOfSubprotocol)).toEqual(['1.6', '2.0.1', '2.0.1', '2.1']);
    for (const name of ['OCPP1.6', 'ocpp2.0.2', '1.6', 'toString', 'hasOwnProperty', '']) expect(versionOfSubprotocol(name)).toBeUndefined();
  });

  it.each([
    ['ocpp1.6', '1.6'],
    ['ocpp2.0.1', '2.0.1'],
    ['ocpp2.0', '2.0.1'],
    ['ocpp2.1', '2.1'],
    ['1.6', '1.6'],
    ['2.0.1', '2.0.1'],
    ['2.1', '2.1'],
    ['ocpp1.5', null],
    ['2.0', null],
    ['', null],
    [null, null],
  ] as const)('reads the recorded protocol %j as %j', (protocol, version) => {
    expect(ocppVersionOf(protocol)).toBe(version);
  });

  it('tells 2.x from 1.6', () => {
    expect(OCPP_VERSIONS.filter(isOcpp2)).toEqual(['2.0.1', '2.1']);
  });
});

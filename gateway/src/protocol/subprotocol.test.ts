import { describe, expect, it } from 'vitest';
import { negotiateSubprotocol } from './subprotocol.ts';
import { versionOfSubprotocol } from '@csms/temporal/ocpp-version';

describe('negotiateSubprotocol', () => {
  it("honours the station's order among the allowed names", () => {
    expect(negotiateSubprotocol('ocpp2.0.1, ocpp1.6')).toEqual({ subprotocol: 'ocpp2.0.1', version: '2.0.1' });
    expect(negotiateSubprotocol(['ocpp1.6', 'ocpp2.1'])).toEqual({ subprotocol: 'ocpp1.6', version: '1.6' });
  });

  it('accepts the legacy ocpp2.0 as 2.0.1 and echoes it as sent', () => {
    expect(negotiateSubprotocol('ocpp2.0')).toEqual({ subprotocol: 'ocpp2.0', version: '2.0.1' });
  });

  it('skips names the server does not allow', () => {
    expect(negotiateSubprotocol('ocpp2.1,ocpp1.6', ['ocpp1.6'])).toEqual({ subprotocol: 'ocpp1.6', version: '1.6' });
  });

  it('returns undefined when nothing is acceptable (handshake without Sec-WebSocket-Protocol, then close)', () => {
    expect(negotiateSubprotocol('ocpp1.5, mqtt')).toBeUndefined();
    expect(negotiateSubprotocol('')).toBeUndefined();
    expect(negotiateSubprotocol(undefined)).toBeUndefined();
    expect(negotiateSubprotocol('OCPP1.6')).toBeUndefined();
  });

  it('maps names to versions and knows no others', () => {
    expect(versionOfSubprotocol('ocpp2.1')).toBe('2.1');
    expect(versionOfSubprotocol('toString')).toBeUndefined();
  });
});

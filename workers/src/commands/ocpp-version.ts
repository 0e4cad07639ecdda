/** The OCPP version of a negotiated sub-protocol as the gateway records it (`ocpp2.0` is 2.0.1); null if unknown. */
export function ocppVersion(protocol: string | null): '1.6' | '2.0.1' | '2.1' | null {
  if (protocol === 'ocpp1.6' || protocol === '1.6') return '1.6';
  if (protocol === 'ocpp2.0.1' || protocol === 'ocpp2.0' || protocol === '2.0.1') return '2.0.1';
  if (protocol === 'ocpp2.1' || protocol === '2.1') return '2.1';
  return null;
}

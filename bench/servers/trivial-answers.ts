/**
 * The peers' handlers (perf.md §6.1): what an OCPP 1.6 server answers when it persists nothing. Authorize looks the
 * tag up in an in-memory map, StartTransaction counts.
 */
const KNOWN_TAGS = new Set(['LOADTAG1', 'BENCHTAG']);
let nextTransactionId = 1;

/** The trivial answer to a 1.6 CALL, or undefined for an action the peers do not handle. */
export function trivialAnswer(action: string, payload: Record<string, unknown>): Record<string, unknown> | undefined {
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'StatusNotification':
    case 'MeterValues':
    case 'StopTransaction':
      return {};
    case 'Authorize':
      return { idTagInfo: { status: KNOWN_TAGS.has(String(payload.idTag)) ? 'Accepted' : 'Invalid' } };
    case 'StartTransaction':
      return { transactionId: nextTransactionId++, idTagInfo: { status: KNOWN_TAGS.has(String(payload.idTag)) ? 'Accepted' : 'Invalid' } };
    default:
      return undefined;
  }
}

import type { FrameEvent } from '../charge-point/station-link.ts';

const TYPES: Readonly<Record<number, string>> = { 2: 'CALL', 3: 'RESULT', 4: 'ERROR', 5: 'RESULTERROR', 6: 'SEND' };

/**
 * One readable line per frame: time, direction, message type, id, action and payload, e.g.
 * `12:00:01.042 → CALL   #3 StartTransaction {"connectorId":1,…}`. Frames that are not valid OCPP-J are
 * printed as they are.
 */
export function formatFrame(event: FrameEvent): string {
  const time = event.at.toISOString().slice(11, 23);
  const arrow = event.direction === 'out' ? '→' : '←';
  let frame: unknown;
  try {
    frame = JSON.parse(event.text);
  } catch {
    frame = undefined;
  }
  if (!Array.isArray(frame) || typeof frame[0] !== 'number' || TYPES[frame[0]] === undefined) {
    return `${time} ${arrow} RAW    ${event.text}`;
  }
  const [type, id, ...rest] = frame as [number, unknown, ...unknown[]];
  const label = (TYPES[type] ?? '').padEnd(6);
  const body = type === 2 || type === 6 ? `${String(rest[0])} ${JSON.stringify(rest[1])}` : rest.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(' ');
  return `${time} ${arrow} ${label} #${String(id)} ${body}`;
}

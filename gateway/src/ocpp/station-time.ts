/**
 * The station's own timestamp when it is a readable date, else `fallback` (usually now): a message may have been
 * queued while the station was offline, so its time is the station's, but a garbled one must not lose the message.
 */
export function stationTime(timestamp: string | undefined, fallback: Date): Date {
  if (timestamp === undefined) return fallback;
  const at = new Date(timestamp);
  return Number.isNaN(at.getTime()) ? fallback : at;
}

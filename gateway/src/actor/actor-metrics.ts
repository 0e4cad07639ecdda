/**
 * What a {@link StationActor} reports about its traffic (docs/deployment.md, Metrics). Called synchronously on the
 * message path, so implementations only bump counters. `action` is whatever the frame named; the implementation
 * bounds the label set (a station may send any string).
 */
export interface ActorMetrics {
  /** A CALL (or 2.1 SEND) from the station entered the mailbox. */
  callReceived(action: string): void;
  /** A server-initiated CALL was written to the station. */
  callSent(action: string): void;
  /** A CALLERROR was written to the station (schema violation, malformed frame, handler failure, full mailbox). */
  callErrorSent(code: string): void;
  /** A handler answered a CALL after `ms` milliseconds (mailbox wait excluded; cached retransmissions excluded). */
  handled(action: string, ms: number): void;
  /** A server-initiated CALL got its CALLRESULT (valid against the schema). */
  commandAnswered(action: string, payload: unknown): void;
  /** A server-initiated CALL failed: the actor's error (timeout, the station's CALLERROR, connection lost …). */
  commandFailed(action: string, error: unknown): void;
}

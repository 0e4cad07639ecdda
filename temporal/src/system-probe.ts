/**
 * Contract of the `systemProbe` workflow: a tiny workflow that runs one activity on the worker, used by the smoke
 * test and by operators to prove that Temporal, the worker and the database are wired together.
 */
export const SYSTEM_PROBE_WORKFLOW = 'systemProbe';

export interface SystemProbeInput {
  /** Free text echoed back, so a caller can tell its own probe apart. */
  readonly echo: string;
}

export interface SystemProbeResult {
  readonly echo: string;
  /** Set by the activity, proves an activity ran on a worker. */
  readonly workerIdentity: string;
  /** Whether the worker reached its database. */
  readonly database: 'ok' | 'unavailable';
  readonly checkedAt: string;
}

/** Activities the probe calls; implemented in `@csms/workers`. */
export interface SystemProbeActivities {
  probeWorker(echo: string): Promise<SystemProbeResult>;
}

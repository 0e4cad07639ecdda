import type { SystemProbeActivities } from '@csms/temporal';

export interface SystemProbeDeps {
  /** Identity of this worker, as Temporal shows it. */
  readonly identity: string;
  /** Resolves true when the database answers a trivial query. */
  readonly checkDatabase: () => Promise<boolean>;
}

/** Activities of the `systemProbe` workflow. */
export function createSystemProbeActivities(deps: SystemProbeDeps): SystemProbeActivities {
  return {
    async probeWorker(echo) {
      const database = (await deps.checkDatabase().catch(() => false)) ? 'ok' : 'unavailable';
      return { echo, workerIdentity: deps.identity, database, checkedAt: new Date().toISOString() };
    },
  };
}

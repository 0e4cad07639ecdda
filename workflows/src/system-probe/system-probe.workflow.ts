import { proxyActivities } from '@temporalio/workflow';
import type { SystemProbeActivities, SystemProbeInput, SystemProbeResult } from '@csms/temporal';

const { probeWorker } = proxyActivities<SystemProbeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/** Runs one activity on a worker and returns what it saw: proof that server, worker and database are wired. */
export async function systemProbe(input: SystemProbeInput): Promise<SystemProbeResult> {
  return probeWorker(input.echo);
}

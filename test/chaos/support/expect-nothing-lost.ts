import { expect } from 'vitest';
import type { ChaosSystem } from './chaos-system.ts';
import type { Verdict } from './verify-run.ts';

/**
 * What every chaos scenario must leave behind: no broken promise, no process that died on its own, every session
 * completed exactly once with the metered energy, no workflow left open, no station stuck online or offline.
 */
export function expectNothingLost(system: ChaosSystem, verdict: Verdict): void {
  expect(verdict.problems).toEqual([]);
  expect(system.processes.unexpectedExits).toEqual([]);
  expect(verdict.sessions).toMatchObject({ lost: 0, doubled: 0, energyMismatches: 0 });
  expect(verdict.sessions.completed).toBe(verdict.sessions.run);
  expect(verdict).toMatchObject({ workflowsLeftOpen: 0, stations: { stuckOnline: 0, stuckOffline: 0 } });
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosSystem } from './chaos-system.ts';
import { SESSION_STEPS, type Fleet, type SessionStep } from './fleet.ts';
import type { Random } from './random.ts';
import type { PartName } from './system-processes.ts';

/** A part the suite kills: a process of the system, or the PostgreSQL cluster. */
export type FaultTarget = PartName | 'postgres';

/** One injected fault. */
export interface FaultRecord {
  readonly target: FaultTarget;
  readonly step: SessionStep;
  /** The station whose session reached the step. */
  readonly station: string;
  readonly killedAt: number;
  readonly downMs: number;
  /** When the part served again. */
  servingAt?: number;
  /** Restarts that failed before one served. */
  failedRestarts: number;
}

/**
 * Kills each target at each step of a session (kill -9 at the moment a session reaches it), keeps it down for a
 * seeded moment, starts it again and waits until it serves. Targets run side by side, each through the steps in
 * its own seeded order, one fault at a time per target.
 */
export class FaultInjector {
  readonly faults: FaultRecord[] = [];
  readonly #system: ChaosSystem;
  readonly #fleet: Fleet;
  readonly #random: Random;
  #pending = 0;

  constructor(system: ChaosSystem, fleet: Fleet, random: Random) {
    this.#system = system;
    this.#fleet = fleet;
    this.#random = random;
  }

  /** True while faults are still to be injected (the fleet keeps charging until then). */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /** Injects every (target, step) fault; resolves when each target serves again after its last one. */
  async run(targets: readonly FaultTarget[], steps: readonly SessionStep[] = SESSION_STEPS): Promise<void> {
    this.#pending = targets.length;
    await Promise.all(
      targets.map(async (target) => {
        try {
          const random = this.#random.fork(target);
          for (const step of random.shuffle(steps)) await this.#inject(target, step, random.int(0, 1500));
        } finally {
          this.#pending -= 1;
        }
      }),
    );
  }

  async #inject(target: FaultTarget, step: SessionStep, downMs: number): Promise<void> {
    const record = await new Promise<FaultRecord>((resolve) => {
      const listener = (reached: SessionStep, station: string) => {
        if (reached !== step) return;
        this.#fleet.off('step', listener);
        this.#system.kill(target);
        resolve({ target, step, station, killedAt: Date.now(), downMs, failedRestarts: 0 });
      };
      this.#fleet.on('step', listener);
    });
    this.faults.push(record);
    await sleep(downMs);
    for (;;) {
      try {
        await this.#system.restart(target);
        break;
      } catch (error) {
        record.failedRestarts += 1;
        if (record.failedRestarts >= 5) throw new Error(`${target} did not serve again after 5 restarts`, { cause: error });
        await sleep(1000);
      }
    }
    record.servingAt = Date.now();
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatLine, prefix } from './log-format.ts';
import { DeathCounter, type RestartPolicy } from './restart-policy.ts';
import { answersHealthy } from './health-probe.ts';

/** How to run one of the system's processes. */
export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Polled after a restart, to report when the process serves again. */
  readonly healthUrl?: string;
}

/** A process the supervisor watches; `child` and `exited` belong to its current incarnation. */
export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** How often it was started again after dying. */
  readonly restarts: number;
}

/** Options of {@link Supervisor}. */
export interface SupervisorOptions {
  readonly policy: RestartPolicy;
  /** The system must stop: a process died during start-up, or died too often. `reason` is one line. */
  readonly onFatal: (reason: string) => void;
  /** Where the supervisor's own lines go (default `console.log`). */
  readonly log?: (line: string) => void;
}

class ManagedProcess implements Managed {
  child!: ChildProcess;
  exited!: Promise<number | null>;
  restarts = 0;
  restartTimer: NodeJS.Timeout | undefined;
  readonly deaths: DeathCounter;

  constructor(
    readonly spec: ProcessSpec,
    policy: RestartPolicy,
  ) {
    this.deaths = new DeathCounter(policy);
  }

  get name(): string {
    return this.spec.name;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

/** `exit code 1` or `signal SIGKILL`. */
function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/** Kills what is left of a child's process group (the Temporal launcher's server binary, say); ignores a gone group. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // nothing left
  }
}

/**
 * Runs the system's processes with prefixed output. Once {@link Supervisor.running} is called (the system is up), a
 * process that dies is started again after an exponential back-off; one that dies `maxDeaths` times within the window
 * stops the system. Before that, any death is a failed start-up. Node children get an IPC channel: when this process
 * dies, even by SIGKILL, the channel closes and each child shuts itself down ('disconnect').
 */
export class Supervisor {
  readonly #processes: ManagedProcess[] = [];
  readonly #options: SupervisorOptions;
  readonly #log: (line: string) => void;
  #stopping = false;
  #up = false;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#log = options.log ?? ((line) => console.log(line));
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts `spec` and pipes its output, line by line, behind a `[name]` prefix. */
  start(spec: ProcessSpec): Managed {
    const managed = new ManagedProcess(spec, this.#options.policy);
    this.#processes.push(managed);
    this.#spawn(managed);
    this.#log(`${prefix(spec.name)} started (pid ${managed.child.pid})`);
    return managed;
  }

  /** The system is up: from now on a process that dies is restarted instead of failing the start-up. */
  running(): void {
    this.#up = true;
  }

  /** Sends SIGTERM to every child (newest first), SIGKILL after `graceMs`, and resolves when all have exited. */
  async stopAll(graceMs = 15_000): Promise<void> {
    this.#stopping = true;
    for (const p of this.#processes) clearTimeout(p.restartTimer);
    const running = [...this.#processes].reverse().filter((p) => p.alive);
    for (const p of running) p.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const p of running) if (p.alive) p.child.kill('SIGKILL');
    }, graceMs);
    await Promise.all(running.map((p) => p.exited));
    clearTimeout(timer);
    for (const p of this.#processes) killGroup(p.child);
  }

  #spawn(managed: ManagedProcess): void {
    const { spec } = managed;
    // Own process group: a terminal's Ctrl-C reaches only the supervisor, which stops the children in order.
    const child = spawn(spec.command, spec.args, { env: spec.env, cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const label = prefix(spec.name);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`${label} ${formatLine(line)}`));
    }
    managed.child = child;
    managed.exited = new Promise<number | null>((resolve) => {
      let ended = false;
      const end = (code: number | null, how: string) => {
        if (ended) return;
        ended = true;
        resolve(code);
        this.#onExit(managed, how);
      };
      child.on('exit', (code, signal) => end(code ?? (signal ? 128 : null), describeExit(code, signal)));
      child.on('error', (error) => {
        this.#log(`${label} failed to start: ${error.message}`);
        end(127, 'exit code 127');
      });
    });
  }

  #onExit(managed: ManagedProcess, how: string): void {
    // A launcher killed by SIGKILL cannot stop what it started; its group can be.
    killGroup(managed.child);
    if (this.#stopping || managed.restartTimer !== undefined) return;
    const label = prefix(managed.name);
    if (!this.#up) {
      this.#options.onFatal(`${label} exited during start-up (${how}); stopping the system`);
      return;
    }
    const { policy } = this.#options;
    const windowS = Math.round(policy.windowMs / 1000);
    const decision = managed.deaths.record(Date.now());
    if (decision.action === 'giveUp') {
      this.#options.onFatal(`${label} died ${decision.deathsInWindow} times within ${windowS} s (last: ${how}); stopping the system`);
      return;
    }
    const next = managed.restarts + 1;
    this.#log(
      `${label} died (${how}); restart ${next} in ${(decision.delayMs / 1000).toFixed(1)} s ` +
        `(death ${decision.deathsInWindow} of ${policy.maxDeaths} allowed within ${windowS} s)`,
    );
    managed.restartTimer = setTimeout(() => {
      managed.restartTimer = undefined;
      if (this.#stopping) return;
      managed.restarts = next;
      this.#spawn(managed);
      this.#log(`${label} restarted (restart ${next}, pid ${managed.child.pid})`);
      if (managed.spec.healthUrl) void this.#reportHealthy(managed, next);
    }, decision.delayMs);
  }

  /** Logs once the restarted incarnation answers its health check (silent if it dies first). */
  async #reportHealthy(managed: ManagedProcess, restart: number): Promise<void> {
    const child = managed.child;
    const startedAt = Date.now();
    while (!this.#stopping && managed.child === child && managed.alive) {
      if (await answersHealthy(managed.spec.healthUrl!)) {
        this.#log(`${prefix(managed.name)} healthy again after restart ${restart} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Runs one setup command to completion with prefixed output; rejects on a non-zero exit. */
export function runStep(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const label = prefix(name);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => console.log(`${label} ${formatLine(line)}`));
    }
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name}: ${command} exited with ${code}`))));
  });
}

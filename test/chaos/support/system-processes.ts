import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/system.ts';

const TSX = ['--import', 'tsx'];

/** The system's parts the chaos suite runs as separate OS processes. */
export type PartName = 'temporal' | 'worker' | 'gateway' | 'web' | `gateway-${string}`;

/** How one part is started and how to tell it serves. */
export interface PartSpec {
  readonly name: PartName;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** GET answers 200 once it serves; without it, readiness is the child's IPC `{ ready: true }` message. */
  readonly healthUrl?: string;
}

interface Running {
  readonly spec: PartSpec;
  child: ChildProcess;
  exited: Promise<void>;
  /** Set just before the suite kills it, so the exit is not counted as a crash. */
  expectedExit: boolean;
  /** It served once: a later unbidden death is restarted (a death during start-up fails the start). */
  served: boolean;
}

/** A part that died without the suite killing it. */
export interface UnexpectedExit {
  readonly name: PartName;
  readonly how: string;
  readonly at: Date;
}

/** The entry points of the start command's processes (scripts/system/start-system.ts), one spec per part. */
export function partArgs(name: 'temporal' | 'worker' | 'gateway' | 'web'): string[] {
  switch (name) {
    case 'temporal':
      return [...TSX, join(REPO_ROOT, 'temporal/src/tools/cli.ts'), 'dev-server'];
    case 'worker':
      return [...TSX, join(REPO_ROOT, 'workers/src/main.ts')];
    case 'gateway':
      return [...TSX, join(REPO_ROOT, 'gateway/src/main.ts')];
    case 'web':
      return [join(REPO_ROOT, 'web/serve.js')];
  }
}

/**
 * The system's parts as child processes in process groups of their own, so `kill()` is a real `kill -9` of the part
 * and everything it started (the Temporal launcher and its server binary). Output goes to `<logDir>/<part>.log`.
 * A part that dies unbidden is recorded in {@link unexpectedExits} and started again, as the start command would.
 */
export class SystemProcesses {
  readonly #parts = new Map<PartName, Running>();
  readonly #logDir: string;
  readonly #logs = new Map<PartName, WriteStream>();
  readonly unexpectedExits: UnexpectedExit[] = [];
  #stopping = false;

  constructor(logDir: string) {
    this.#logDir = logDir;
  }

  /** Starts a part and resolves once it serves. */
  async start(spec: PartSpec, timeoutMs = 180_000): Promise<void> {
    const running: Running = { spec, child: undefined as never, exited: Promise.resolve(), expectedExit: false, served: false };
    this.#parts.set(spec.name, running);
    await this.#spawn(running, timeoutMs);
  }

  /** `kill -9` of the part's whole process group, now (synchronously). */
  kill(name: PartName): void {
    const running = this.#get(name);
    running.expectedExit = true;
    killGroup(running.child);
  }

  /** Starts a killed part again and resolves once it serves. */
  async restart(name: PartName, timeoutMs = 180_000): Promise<void> {
    const running = this.#get(name);
    await running.exited;
    await this.#spawn(running, timeoutMs);
  }

  /** Whether the part's current process is running. */
  alive(name: PartName): boolean {
    const child = this.#parts.get(name)?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Stops every part (SIGTERM, SIGKILL after `graceMs`), newest first. */
  async stopAll(graceMs = 15_000): Promise<void> {
    this.#stopping = true;
    const running = [...this.#parts.values()].reverse();
    for (const part of running) {
      part.expectedExit = true;
      part.child.kill('SIGTERM');
    }
    const timer = setTimeout(() => running.forEach((part) => killGroup(part.child)), graceMs);
    await Promise.all(running.map((part) => part.exited));
    clearTimeout(timer);
    for (const part of running) killGroup(part.child);
    await Promise.all([...this.#logs.values()].map((log) => new Promise((resolve) => log.end(resolve))));
  }

  #get(name: PartName): Running {
    const running = this.#parts.get(name);
    if (!running) throw new Error(`no part ${name}`);
    return running;
  }

  #log(name: PartName): WriteStream {
    let log = this.#logs.get(name);
    if (!log) {
      log = createWriteStream(join(this.#logDir, `${name}.log`), { flags: 'a' });
      this.#logs.set(name, log);
    }
    return log;
  }

  async #spawn(running: Running, timeoutMs: number): Promise<void> {
    const { spec } = running;
    running.expectedExit = false;
    const log = this.#log(spec.name);
    log.write(`--- ${new Date().toISOString()} starting ${spec.name}\n`);
    const child = spawn(process.execPath, spec.args, { cwd: REPO_ROOT, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    running.child = child;
    let ready: (() => void) | undefined;
    const readyMessage = new Promise<void>((resolve) => (ready = resolve));
    child.on('message', (message: { ready?: boolean }) => message.ready && ready?.());
    running.exited = new Promise<void>((resolve) => {
      child.on('exit', (code, signal) => {
        log.write(`--- ${new Date().toISOString()} ${spec.name} exited (${signal ?? `code ${code}`})\n`);
        // what the part started may outlive it; the group goes with it
        killGroup(child);
        resolve();
        if (!running.expectedExit && !this.#stopping && running.served) {
          this.unexpectedExits.push({ name: spec.name, how: signal ?? `exit code ${code}`, at: new Date() });
          setTimeout(() => {
            if (!this.#stopping && running.child === child) void this.#spawn(running, timeoutMs).catch(() => undefined);
          }, 1000);
        }
      });
    });
    const deadline = Date.now() + timeoutMs;
    const died = running.exited.then(() => {
      throw new Error(`${spec.name} exited while starting (see ${join(this.#logDir, `${spec.name}.log`)})`);
    });
    died.catch(() => undefined);
    const serving = spec.healthUrl ? pollHealth(spec.healthUrl, deadline, () => running.child !== child) : readyMessage;
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${spec.name} not ready within ${timeoutMs} ms`)), Math.max(0, deadline - Date.now())).unref(),
    );
    await Promise.race([serving, died, timeout]);
    running.served = true;
  }
}

async function pollHealth(url: string, deadline: number, abandoned: () => boolean): Promise<void> {
  while (Date.now() < deadline && !abandoned()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

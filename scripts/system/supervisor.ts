import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatLine, prefix } from './log-format.ts';

/** A child process the supervisor watches. */
export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

/**
 * Runs the system's processes with prefixed output, and stops them all together. Node children get an IPC channel:
 * when this process dies, even by SIGKILL, the channel closes and each child shuts itself down ('disconnect').
 */
export class Supervisor {
  readonly #processes: Managed[] = [];
  #stopping = false;

  constructor(private readonly onUnexpectedExit: (managed: Managed, code: number | null) => void) {}

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts `command args` and pipes its output, line by line, behind a `[name]` prefix. */
  start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Managed {
    // Own process group: a terminal's Ctrl-C reaches only the supervisor, which stops the children in order.
    const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const label = prefix(name);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`${label} ${formatLine(line)}`));
    }
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
      child.on('error', (error) => {
        console.log(`${label} failed to start: ${error.message}`);
        resolve(127);
      });
    });
    const managed: Managed = { name, child, exited };
    void exited.then((code) => {
      if (!this.#stopping) this.onUnexpectedExit(managed, code);
    });
    this.#processes.push(managed);
    return managed;
  }

  /** Sends SIGTERM to every child (newest first), SIGKILL after `graceMs`, and resolves when all have exited. */
  async stopAll(graceMs = 15_000): Promise<void> {
    this.#stopping = true;
    const running = [...this.#processes].reverse().filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    for (const p of running) p.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }, graceMs);
    await Promise.all(running.map((p) => p.exited));
    clearTimeout(timer);
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

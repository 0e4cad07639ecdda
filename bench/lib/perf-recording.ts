import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatSummary, summarize } from '../report/profile-summary.ts';

/**
 * A Linux `perf record` of one process over a measured window (`start` at the window's start, `stop` at its end),
 * written to `<base>.perf.data` and summarized by package into `<base>.txt`.
 */
export class PerfRecording {
  readonly #pid: number;
  readonly #base: string;
  #perf: ChildProcess | undefined;
  #done: Promise<void> | undefined;

  constructor(pid: number, base: string) {
    this.#pid = pid;
    this.#base = base;
    mkdirSync(dirname(base), { recursive: true });
  }

  start(): void {
    const perf = spawn('perf', ['record', '-g', '-F', '999', '-p', String(this.#pid), '-o', `${this.#base}.perf.data`], { stdio: 'ignore' });
    this.#perf = perf;
    this.#done = new Promise<void>((resolve) => {
      perf.on('exit', () => resolve());
      perf.on('error', () => resolve());
    });
  }

  stop(): void {
    this.#perf?.kill('SIGINT');
  }

  /** Waits for perf to write its file; returns the summary (also written next to it). */
  async summary(): Promise<string> {
    await this.#done;
    try {
      const text = formatSummary(`${this.#base}.perf.data`, summarize(`${this.#base}.perf.data`)).join('\n');
      writeFileSync(`${this.#base}.txt`, `${text}\n`);
      return text;
    } catch (error) {
      return `no profile (${(error as Error).message.split('\n')[0]})`;
    }
  }
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The repository root (bench/ lives directly below it). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

interface Request {
  readonly kind: 'request';
  readonly id: number;
  readonly cmd: string;
  readonly args: unknown;
}
interface Reply {
  readonly kind: 'reply';
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}
interface Event {
  readonly kind: 'event';
  readonly name: string;
  readonly data: unknown;
}

/** Commands a child answers; each gets the request's arguments. */
export type Handlers = Record<string, (args: never) => unknown>;

/** In a child: answers the parent's requests with `handlers`, then tells the parent it is ready. */
export function serveParent(handlers: Handlers, ready: Record<string, unknown> = {}): void {
  if (!process.send) throw new Error('run this file through the bench (it needs an IPC channel)');
  process.on('message', (message: Request) => {
    if (message?.kind !== 'request') return;
    const handler = handlers[message.cmd] as ((args: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        return handler(message.args);
      })
      .then(
        (result) => process.send?.({ kind: 'reply', id: message.id, result } satisfies Reply),
        (error: unknown) => process.send?.({ kind: 'reply', id: message.id, error: (error as Error)?.stack ?? String(error) } satisfies Reply),
      );
  });
  // the parent went away (crash, Ctrl-C): nothing here may outlive it
  process.on('disconnect', () => process.exit(0));
  emit('ready', ready);
}

/** In a child: tells the parent something happened (measure window start/end, progress). */
export function emit(name: string, data: unknown = {}): void {
  process.send?.({ kind: 'event', name, data } satisfies Event);
}

/** Options of {@link launch}. */
export interface LaunchOptions {
  /** CPU to pin the child to with `taskset` (when it exists); undefined: not pinned. */
  readonly cpu?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Extra node flags (`--expose-gc`, `--cpu-prof`, …). */
  readonly nodeFlags?: readonly string[];
  readonly args?: readonly string[];
  /** Child output goes here line by line (default: dropped unless BENCH_VERBOSE is set). */
  readonly onOutput?: (line: string) => void;
  readonly readyTimeoutMs?: number;
}

/** A running child process of the bench. */
export interface Child {
  readonly pid: number;
  readonly name: string;
  readonly ready: Record<string, unknown>;
  /** Whether it runs pinned with taskset. */
  readonly pinned: boolean;
  request<T>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Resolves with the data of the next event `name`. */
  next<T>(name: string, timeoutMs?: number): Promise<T>;
  on(name: string, listener: (data: unknown) => void): void;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

let tasksetAvailable: boolean | undefined;

/** Whether `taskset` exists here (util-linux); without it nothing is pinned and the report says so. */
export function hasTaskset(): boolean {
  tasksetAvailable ??= spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return tasksetAvailable;
}

/** Starts `script` (TypeScript, through tsx) as a child with an IPC channel and waits for its `ready` event. */
export async function launch(name: string, script: string, options: LaunchOptions = {}): Promise<Child> {
  const node = [...(options.nodeFlags ?? []), '--import', 'tsx', join(REPO_ROOT, script), ...(options.args ?? [])];
  const pinned = options.cpu !== undefined && hasTaskset();
  const [command, args] = pinned ? ['taskset', ['-c', String(options.cpu), process.execPath, ...node]] : [process.execPath, node];
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = options.onOutput ?? (process.env.BENCH_VERBOSE ? (line: string) => console.error(`[${name}] ${line}`) : undefined);
  const tail: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        output?.(line);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, ((data: unknown) => void)[]>();
  let nextId = 1;
  child.on('message', (message: Reply | Event) => {
    if (message.kind === 'reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`${name}: ${message.error}`));
      else waiter?.resolve(message.result);
    } else if (message.kind === 'event') {
      for (const listener of listeners.get(message.name) ?? []) listener(message.data);
    }
  });
  void exited.then((code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited (${code}):\n${tail.join('\n')}`));
    pending.clear();
  });

  const on = (event: string, listener: (data: unknown) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]);
  const next = <T>(event: string, timeoutMs = 600_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no "${event}" within ${timeoutMs} ms:\n${tail.join('\n')}`)), timeoutMs);
      const once = (data: unknown) => {
        clearTimeout(timer);
        listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== once));
        resolve(data as T);
      };
      on(event, once);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before "${event}":\n${tail.join('\n')}`));
      });
    });

  const ready = await next<Record<string, unknown>>('ready', options.readyTimeoutMs ?? 180_000);
  return {
    pid: child.pid!,
    name,
    ready,
    pinned,
    exited,
    on,
    next,
    request: <T>(cmd: string, args?: unknown, timeoutMs = 900_000) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: "${cmd}" took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ kind: 'request', id, cmd, args } satisfies Request);
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

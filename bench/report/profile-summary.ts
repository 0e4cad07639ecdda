/**
 * Where a gateway's CPU went in a measured window, from a Linux `perf record` of its process (node started with
 * `--perf-basic-prof`, so JIT frames carry their script path): self samples by npm package, by workspace of this
 * repository, by native library (SQLite, uWebSockets, Node/V8) and the kernel; V8 builtins and runtime calls count
 * for the JavaScript frame that made them.
 *
 *   node --import tsx bench/report/profile-summary.ts <file.perf.data> [more files…]
 *
 * Linux perf samples from the kernel; V8's own profiler (`--cpu-prof`, the inspector) interrupts the process with
 * SIGPROF, and the pinned uWebSockets build then drops connections during the upgrade, so it cannot profile a loaded
 * gateway.
 */
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';

/** The bucket of one sampled frame: its symbol (a JIT frame's name holds its script path) and its shared object. */
export function bucketOf(symbol: string, dso: string): string {
  if (dso.includes('kernel')) return 'kernel (syscalls: network, disk, scheduling)';
  if (dso.includes('node_sqlite3')) return 'SQLite (native, in sqlite3)';
  if (dso.includes('uws_')) return 'uWebSockets.js (native)';
  if (/libc\.|libm\.|libstdc\+\+|ld-linux|libpthread/.test(dso)) return 'libc and C++ runtime';
  if (dso.includes('/perf-') && dso.endsWith('.map')) {
    const modules = symbol.lastIndexOf('/node_modules/');
    if (modules >= 0) {
      const rest = symbol.slice(modules + '/node_modules/'.length).split('/');
      return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    }
    const workspace = /\/(temporal|db|workflows|workers|gateway|simulators|web|bench)\/src\//.exec(symbol);
    if (workspace) return `@csms/${workspace[1]} (the project's own code)`;
    if (/node:|\binternal\//.test(symbol)) return 'Node built-in modules (JS)';
    return 'V8 builtins, interpreter and stubs';
  }
  if (/\/node$|\[unknown\]|libnode/.test(dso)) {
    if (symbol.startsWith('Builtins_')) return 'V8 builtins, interpreter and stubs';
    if (/Scaveng|MarkCompact|Heap::|Sweeper|GCTracer|ConcurrentMarking|MemoryAllocator/.test(symbol)) return 'V8 garbage collector';
    if (/compiler::|maglev|Turbofan|Compiler::|Parser|Scanner/.test(symbol)) return 'V8 JIT compiler and parser';
    if (/^uv_|uv__|node::/.test(symbol)) return 'Node native (libuv, bindings)';
    return 'V8 runtime (C++)';
  }
  return dso;
}

interface Frame {
  readonly symbol: string;
  readonly dso: string;
}

function parseFrame(line: string): Frame | undefined {
  // "<ip> <symbol> (<shared object>)"; symbols may hold parentheses themselves
  const open = line.lastIndexOf(' (');
  if (open < 0 || !line.trimEnd().endsWith(')')) return undefined;
  return { symbol: line.slice(0, open).trim().replace(/^[0-9a-f]+\s+/, ''), dso: line.slice(open + 2, line.trimEnd().length - 1) };
}

const NATIVE_WORK = /^(kernel|SQLite|uWebSockets|V8 garbage|V8 JIT)/;

/**
 * The bucket of one sample (its stack, leaf first): native work (kernel, SQLite, uWS, GC, compiler) where it
 * happened, anything else (V8 builtins, runtime, malloc) charged to the package of the nearest JavaScript frame,
 * which is the code that asked for it.
 */
export function bucketOfStack(stack: readonly Frame[]): string {
  const leaf = stack[0];
  if (!leaf) return '(empty)';
  const own = bucketOf(leaf.symbol, leaf.dso);
  if (NATIVE_WORK.test(own)) return own;
  for (const frame of stack) {
    if (!frame.dso.includes('/perf-')) continue;
    const bucket = bucketOf(frame.symbol, frame.dso);
    if (bucket !== 'V8 builtins, interpreter and stubs') return bucket;
  }
  return own;
}

/** Samples per bucket of one `perf record -g` file, largest first. */
export function summarize(file: string): { bucket: string; samples: number }[] {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const totals = new Map<string, number>();
  for (const block of text.split(/\n\s*\n/)) {
    const stack = block.split('\n').map(parseFrame).filter((frame): frame is Frame => frame !== undefined);
    if (stack.length === 0) continue;
    const bucket = bucketOfStack(stack);
    totals.set(bucket, (totals.get(bucket) ?? 0) + 1);
  }
  return [...totals.entries()].map(([bucket, samples]) => ({ bucket, samples })).sort((a, b) => b.samples - a.samples);
}

/** The summary as text lines (percent, samples, bucket). */
export function formatSummary(file: string, rows: readonly { bucket: string; samples: number }[]): string[] {
  const total = rows.reduce((sum, r) => sum + r.samples, 0);
  return [
    `${basename(file)}: ${total} samples`,
    ...rows.slice(0, 16).map(({ bucket, samples }) => `${((samples / Math.max(1, total)) * 100).toFixed(1).padStart(5)} %  ${String(samples).padStart(7)}  ${bucket}`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) console.log(`${formatSummary(file, summarize(file)).join('\n')}\n`);
}

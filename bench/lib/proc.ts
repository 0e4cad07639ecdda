import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`, 100 on Linux). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU time (user + system, every thread: the SQLite driver's thread pool counts) of process `pid` in µs, from
 * `/proc/<pid>/stat`. Resolution is one clock tick (10 ms), so measure windows of seconds.
 */
export function processCpuMicros(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) / clockTicks()) * 1e6;
}

/** Resident set size of `pid` in bytes (`VmRSS` of `/proc/<pid>/status`). */
export function processRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Busy and total jiffies per CPU from `/proc/stat` (busy includes irq and softirq). */
export interface CoreTimes {
  readonly busy: number;
  readonly total: number;
}

/** Per-core times now; diff two readings with {@link coreBusyPercent}. */
export function coreTimes(): CoreTimes[] {
  const cores: CoreTimes[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    if (!/^cpu\d+ /.test(line)) continue;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    cores.push({ busy, total: busy + idle! + iowait! });
  }
  return cores;
}

/** Busy percentage of each core between two {@link coreTimes} readings. */
export function coreBusyPercent(before: readonly CoreTimes[], after: readonly CoreTimes[]): number[] {
  return after.map((core, i) => {
    const b = before[i];
    if (!b || core.total === b.total) return 0;
    return Math.round(((core.busy - b.busy) / (core.total - b.total)) * 1000) / 10;
  });
}

/** The kernel's `Slab` from `/proc/meminfo`, in bytes (socket buffers and other kernel objects). */
export function slabBytes(): number {
  const match = /^Slab:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** 1-minute load average (how busy the shared box was around a run). */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

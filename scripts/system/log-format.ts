const COLOURS = { temporal: 35, worker: 36, gateway: 33, web: 32, setup: 34 } as const;
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

/** Whether to colour output: a terminal, and NO_COLOR unset (https://no-color.org). */
export const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** `[name]` padded to a common width, coloured per process. */
export function prefix(name: string): string {
  const label = `[${name}]`.padEnd(10);
  const colour = COLOURS[name as keyof typeof COLOURS] ?? 37;
  return useColour ? `\x1b[${colour}m${label}\x1b[0m` : label;
}

/** Renders a pino JSON line as `LEVEL message key=value…`; any other line is returned unchanged. */
export function formatLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = LEVELS[Number(record.level)] ?? String(record.level ?? '');
  const extras = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [level.padEnd(5), String(record.msg ?? ''), ...extras].join(' ').trimEnd();
}

/** Where the CLI writes; tests pass collectors, the bin passes the process streams. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

/** Lays rows out as left-aligned columns under a header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A date as `YYYY-MM-DD` (UTC), or `-`. */
export function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : '-';
}

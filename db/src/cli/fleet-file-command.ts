import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import { exportChargePointsCsv, importChargePointsCsv } from '../fleet/charge-point-csv.ts';
import { exportChargeTagsCsv, importChargeTagsCsv } from '../fleet/charge-tag-csv.ts';
import type { ImportMode } from '../fleet/fleet-import.ts';
import { loadSecretKey } from '../secrets/secret-key.ts';
import type { CliIo } from './output.ts';

/**
 * `charge-point|tag import <file.csv> [--mode upsert|create]` and `charge-point|tag export [<file.csv>]` (stdout
 * without a file): the fleet CSV files of `docs/persistence.md`, one transaction per import.
 */
export async function fleetFileCommand(kind: 'charge-point' | 'tag', db: Database, action: 'import' | 'export', args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { mode: { type: 'string' } }, allowPositionals: true, strict: true });
  const [file, extra] = positionals;
  if (extra !== undefined) throw new InvalidInputError(`usage: ${kind} ${action} ${action === 'import' ? '<file.csv> [--mode upsert|create]' : '[<file.csv>]'}`);
  if (action === 'export') {
    if (values.mode !== undefined) throw new InvalidInputError(`${kind} export takes no --mode`);
    const csv = kind === 'charge-point' ? await exportChargePointsCsv(db) : await exportChargeTagsCsv(db);
    if (file === undefined) {
      for (const line of csv.trimEnd().split('\n')) io.out(line);
      return;
    }
    await writeFile(resolve(io.cwd, file), csv);
    io.out(`Wrote ${csv.trimEnd().split('\n').length - 1} ${kind === 'charge-point' ? 'charge point' : 'tag'}(s) to ${file}.`);
    return;
  }
  if (file === undefined) throw new InvalidInputError(`usage: ${kind} import <file.csv> [--mode upsert|create]`);
  const mode = values.mode ?? 'upsert';
  if (mode !== 'upsert' && mode !== 'create') throw new InvalidInputError('--mode must be upsert or create');
  let csv: string;
  try {
    csv = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const started = performance.now();
  const report =
    kind === 'charge-point'
      ? await importChargePointsCsv(db, csv, {
          mode: mode as ImportMode,
          secretKey: await loadSecretKey({ env: io.env, dataDir: resolve(io.cwd, io.env.CSMS_DATA_DIR || 'data') }),
        })
      : await importChargeTagsCsv(db, csv, { mode: mode as ImportMode });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`Imported ${report.rows} row(s) from ${file} in ${seconds} s: ${report.created} added, ${report.updated} updated.`);
}

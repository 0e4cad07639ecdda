import { openDatabase, type Database } from '../database.ts';
import { databaseUrlFromEnv } from '../database-url.ts';
import { DbError } from '../errors.ts';
import { migrateDatabase } from '../migrate.ts';
import { bootstrapAdmin } from './bootstrap-admin.ts';
import { chargePointCommand } from './charge-point-command.ts';
import type { CliIo } from './output.ts';
import { tagCommand } from './tag-command.ts';
import { tokenCommand } from './token-command.ts';
import { userCommand } from './user-command.ts';

/** The usage text of `csms-db help`. */
export const USAGE = `Usage: csms-db <command>   (database from DATABASE_URL, default sqlite://$CSMS_DATA_DIR/csms.sqlite)

  migrate
  bootstrap-admin
  charge-point add <id> --name <name> [--comment <text>] [--basic-auth <id>:<password> | --no-auth] [--price-per-kwh <n>]
                        [--currency <code>] [--max-kwh <n>] [--session-fee <n>]
  charge-point list | charge-point remove <id> [--purge]
  charge-point import <file.csv> [--mode upsert|create] | charge-point export [<file.csv>]
  tag add <tagId> --name <name> [--group <parentTagId>] [--expires <YYYY-MM-DD>] [--blocked]
  tag list | tag remove <tagId>
  tag import <file.csv> [--mode upsert|create] | tag export [<file.csv>]
  user add <name> --role admin|user [--password <pw>]
  user list | user remove <name>
  token create --user <name> --name <label> [--expires <2027-01-31 | 2027-01-31T18:00:00Z>]`;

type Command = (db: Database, args: string[], io: CliIo) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  migrate: async (db, _args, io) => {
    const { applied } = await migrateDatabase(db);
    io.out(applied.length === 0 ? 'Database schema is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}`);
  },
  'bootstrap-admin': (db, _args, io) => bootstrapAdmin(db, io),
  'charge-point': chargePointCommand,
  tag: tagCommand,
  user: userCommand,
  token: tokenCommand,
};

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim();
}

/** Runs one CLI command; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    for (const line of USAGE.split('\n')) (name === undefined ? io.err : io.out)(line);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`error: unknown command "${name}" (see csms-db help)`);
    return 1;
  }
  let db: Database | undefined;
  try {
    db = await openDatabase(databaseUrlFromEnv(io.env), { cwd: io.cwd, poolMax: 2 });
    await command(db, args, io);
    return 0;
  } catch (error) {
    const known = error instanceof DbError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(`error: ${known ? '' : 'database: '}${oneLine(error)}`);
    return 1;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

import { parseArgs } from 'node:util';
import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import { fleetFileCommand } from './fleet-file-command.ts';
import { day, table, type CliIo } from './output.ts';

/** Parses `YYYY-MM-DD` as the end of that day in UTC (a tag is valid through its expiry date). */
export function parseExpiryDate(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999)) : null;
  if (!date || date.toISOString().slice(0, 10) !== text) {
    throw new InvalidInputError(`--expires must be a date as YYYY-MM-DD, got "${text}"`);
  }
  return date;
}

/** `tag add <tagId> --name … | list | remove <tagId> | import <file.csv> | export [<file.csv>]`. */
export async function tagCommand(db: Database, args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'import' || action === 'export') return fleetFileCommand('tag', db, action, rest, io);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, group: { type: 'string' }, expires: { type: 'string' }, blocked: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  switch (action) {
    case 'add': {
      const [tagId] = positionals;
      if (!tagId) throw new InvalidInputError('usage: tag add <tagId> --name <name> [--group <parentTagId>] [--expires <YYYY-MM-DD>] [--blocked]');
      if (!values.name) throw new InvalidInputError('tag add needs --name <name>');
      const tag = await db.chargeTags.create(tagId, {
        name: values.name,
        parentTagId: values.group ?? null,
        expiresAt: values.expires === undefined ? null : parseExpiryDate(values.expires),
        blocked: values.blocked === true,
      });
      io.out(`Added tag ${tag.tagId} (${tag.name}).`);
      return;
    }
    case 'list': {
      const tags = await db.chargeTags.list();
      if (tags.length === 0) {
        io.out('No tags.');
        return;
      }
      const rows = tags.map((t) => [t.tagId, t.name, t.parentTagId ?? '-', day(t.expiresAt), t.blocked ? 'yes' : 'no']);
      for (const line of table(['TAG', 'NAME', 'GROUP', 'EXPIRES', 'BLOCKED'], rows)) io.out(line);
      return;
    }
    case 'remove': {
      const [tagId] = positionals;
      if (!tagId) throw new InvalidInputError('usage: tag remove <tagId>');
      await db.chargeTags.remove(tagId);
      io.out(`Removed tag ${tagId}.`);
      return;
    }
    default:
      throw new InvalidInputError('usage: tag add|list|remove|import|export');
  }
}

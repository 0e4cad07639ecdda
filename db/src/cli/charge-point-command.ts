import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../database.ts';
import { InvalidInputError } from '../errors.ts';
import type { ChargePointInput, Pricing } from '../repositories/charge-points.ts';
import { loadSecretKey } from '../secrets/secret-key.ts';
import { hashStationPassword } from '../secrets/station-password.ts';
import { generatePassword } from '../secrets/user-password.ts';
import { formatScaled, minorDigits, parseScaledDecimal } from './amounts.ts';
import { fleetFileCommand } from './fleet-file-command.ts';
import { table, type CliIo } from './output.ts';

const OPTIONS = {
  name: { type: 'string' },
  comment: { type: 'string' },
  'basic-auth': { type: 'string' },
  'no-auth': { type: 'boolean' },
  'price-per-kwh': { type: 'string' },
  currency: { type: 'string' },
  'max-kwh': { type: 'string' },
  'session-fee': { type: 'string' },
  purge: { type: 'boolean' },
} as const;

function pricingFrom(values: { [K in keyof typeof OPTIONS]?: string | boolean }): Partial<Pricing> {
  const pricing: { -readonly [K in keyof Pricing]?: Pricing[K] } = {};
  const currency = typeof values.currency === 'string' ? values.currency.toUpperCase() : 'EUR';
  if (typeof values.currency === 'string') pricing.currency = currency;
  const digits = minorDigits(currency);
  if (typeof values['price-per-kwh'] === 'string') {
    // per MWh in minor units: three more decimals than the currency has
    pricing.pricePerMwhMinor = parseScaledDecimal('--price-per-kwh', values['price-per-kwh'], digits + 3);
  }
  if (typeof values['max-kwh'] === 'string') pricing.maxEnergyWh = parseScaledDecimal('--max-kwh', values['max-kwh'], 3);
  if (typeof values['session-fee'] === 'string') {
    pricing.sessionFeeMinor = parseScaledDecimal('--session-fee', values['session-fee'], digits);
  }
  return pricing;
}

/** `charge-point add <id> --name … | list | remove <id> [--purge] | import <file.csv> | export [<file.csv>]`. */
export async function chargePointCommand(db: Database, args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'import' || action === 'export') return fleetFileCommand('charge-point', db, action, rest, io);
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  switch (action) {
    case 'add': {
      const [id, extra] = positionals;
      if (!id || extra !== undefined) throw new InvalidInputError('usage: charge-point add <id> --name <name> [options]');
      if (!values.name) throw new InvalidInputError('charge-point add needs --name <name>');
      const input: { -readonly [K in keyof ChargePointInput]?: ChargePointInput[K] } = {
        name: values.name,
        comment: values.comment ?? null,
        pricing: pricingFrom(values),
      };
      if (values['basic-auth'] !== undefined && values['no-auth']) throw new InvalidInputError('--basic-auth and --no-auth exclude each other');
      // Secure by default (security profile 1): without --basic-auth a password is generated and printed once.
      let generated: string | undefined;
      if (!values['no-auth']) {
        let password: string;
        if (values['basic-auth'] === undefined) {
          password = generated = generatePassword();
        } else {
          const colon = values['basic-auth'].indexOf(':');
          const user = colon < 0 ? '' : values['basic-auth'].slice(0, colon);
          if (user !== id) throw new InvalidInputError(`--basic-auth must be ${id}:<password> (the user name is the station id)`);
          password = values['basic-auth'].slice(colon + 1);
        }
        const key = await loadSecretKey({ env: io.env, dataDir: resolve(io.cwd, io.env.CSMS_DATA_DIR || 'data') });
        input.basicAuthPasswordHash = hashStationPassword(key, id, password);
        input.securityProfile = 1;
      }
      const cp = await db.chargePoints.create(id, { ...input, name: values.name });
      const auth = cp.basicAuthPasswordHash ? ' with Basic auth (security profile 1)' : ' without authentication (security profile 0)';
      io.out(`Added charge point ${cp.id} (${cp.name})${auth}.`);
      if (generated !== undefined) io.out(`Its password (shown once; configure it in the station): ${generated}`);
      return;
    }
    case 'list': {
      const stations = await db.chargePoints.list();
      if (stations.length === 0) {
        io.out('No charge points.');
        return;
      }
      const rows = stations.map((cp) => [
        cp.id,
        cp.name,
        cp.online ? `online (${cp.nodeId ?? '?'})` : 'offline',
        cp.basicAuthPasswordHash ? 'basic' : cp.clientCertThumbprint ? 'cert' : 'none',
        cp.pricing.freeCharging
          ? 'free'
          : `${formatScaled(cp.pricing.pricePerMwhMinor, minorDigits(cp.pricing.currency) + 3)} ${cp.pricing.currency}/kWh`,
        cp.comment ?? '',
      ]);
      for (const line of table(['ID', 'NAME', 'STATE', 'AUTH', 'PRICE', 'COMMENT'], rows)) io.out(line);
      return;
    }
    case 'remove': {
      const [id] = positionals;
      if (!id) throw new InvalidInputError('usage: charge-point remove <id> [--purge]');
      await db.chargePoints.remove(id, { purge: values.purge === true });
      io.out(values.purge ? `Deleted charge point ${id} and all its history.` : `Removed charge point ${id} (history kept).`);
      return;
    }
    default:
      throw new InvalidInputError('usage: charge-point add|list|remove|import|export');
  }
}

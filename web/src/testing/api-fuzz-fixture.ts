import type { TestWebApp } from './web-app.ts';

/** Whose credentials a run sends. */
export type FuzzCaller = 'none' | 'user' | 'admin';

/** What the fuzz test hands Schemathesis about the seeded data. */
export interface ApiFuzzFixture {
  /**
   * `schemathesis.toml` for a caller: dictionaries of ids that exist (half of the generated path parameters), and no
   * coverage phase on routes the caller's role does not reach — those refuse before reading any input, so the
   * fuzzing phase's cases prove the refusal and the time goes to the routes the caller can use.
   */
  config(caller: FuzzCaller): string;
  /** Settings of `schemathesis_hooks.py`. */
  readonly hookEnv: Readonly<Record<string, string>>;
}

const toml = (values: readonly (string | number)[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

function operations(pathRegex: string, bindings: Readonly<Record<string, string>>): string {
  const parameters = Object.entries(bindings).map(([name, dictionary]) => `"path.${name}" = { dictionary = "${dictionary}", probability = 0.5 }`);
  return `[[operations]]\ninclude-path-regex = ${JSON.stringify(pathRegex)}\nparameters = { ${parameters.join(', ')} }\n`;
}

/**
 * Seeds the app's database with stations (offline, so commands take the real path to `409 ChargePointOffline`), tags,
 * a finished transaction, a log entry and a spare user with a token, and describes them for Schemathesis. The test's
 * own users (`test-admin`, `test-user`) and their tokens are protected from the admin run by the hooks.
 */
export async function seedApiFuzzFixture(app: TestWebApp): Promise<ApiFuzzFixture> {
  const { db } = app;
  const protectedTokens = (await db.apiTokens.list()).map((t) => t.id);
  await db.chargePoints.create('CP-16', { name: 'Garage 1.6' });
  await db.chargePoints.create('CP-201', { name: 'Yard 2.0.1' });
  await db.connectors.recordStatus({ chargePointId: 'CP-16', evseId: 1 }, { ocppStatus: 'Available', at: new Date() });
  await db.chargeTags.create('FLEET', { name: 'Fleet' });
  await db.chargeTags.create('TAG-1', { name: 'Anna', parentTagId: 'FLEET' });
  const { transaction } = await db.transactions.start({
    chargePointId: 'CP-16', evseId: 1, startKey: 'fuzz-1', startTag: 'TAG-1', startedAt: new Date(Date.UTC(2026, 2, 1, 10)), meterStartWh: 1000,
  });
  await db.transactions.stop(transaction.id, { stoppedAt: new Date(Date.UTC(2026, 2, 1, 11)), meterStopWh: 8500, stopReason: 'Local' });
  await db.messageLog.insertMany([
    { loggedAt: new Date(), chargePointId: 'CP-16', direction: 'in', messageType: 'CALL', action: 'Heartbeat', uniqueId: 'm1', payload: '{}' },
  ]);
  await db.users.create({ username: 'erika', password: 'erika-password', role: 'user' });
  const spare = await db.apiTokens.create('erika', 'spare');

  const dictionaries = [
    '[dictionaries]',
    `stations = { values = ${toml(['CP-16', 'CP-201'])} }`,
    `connectors = { values = ${toml([0, 1, 2])} }`,
    `tags = { values = ${toml(['TAG-1', 'FLEET'])} }`,
    `users = { values = ${toml(['erika', 'test-user'])} }`,
    `tokens = { values = ${toml([spare.record.id])} }`,
    `transactions = { values = ${toml([transaction.id])} }`,
    '',
    operations('^/api/v1/charge-points/\\{id\\}(/[a-z-]+)?$', { id: 'stations' }),
    operations('^/api/v1/(driver/)?charge-points/\\{id\\}/connectors/\\{n\\}', { id: 'stations', n: 'connectors' }),
    operations('^/api/v1/charge-tags/\\{tagId\\}$', { tagId: 'tags' }),
    operations('^/api/v1/users/\\{username\\}$', { username: 'users' }),
    operations('^/api/v1/tokens/\\{tokenId\\}$', { tokenId: 'tokens' }),
    operations('^/api/v1/transactions/\\{id\\}$', { id: 'transactions' }),
  ].join('\n');
  const beyondReach: Record<FuzzCaller, string | undefined> = {
    none: '/x-required-role != "public"',
    user: '/x-required-role == "admin"',
    admin: undefined,
  };
  const config = (caller: FuzzCaller) => {
    const filter = beyondReach[caller];
    return filter ? `${dictionaries}\n[[operations]]\ninclude-by = '${filter}'\nphases.coverage.enabled = false\n` : dictionaries;
  };
  return {
    config,
    hookEnv: {
      CSMS_FUZZ_ADMIN_TOKEN: app.adminToken,
      CSMS_FUZZ_USER_TOKEN: app.userToken,
      CSMS_FUZZ_PROTECTED_USERS: 'test-admin,test-user',
      CSMS_FUZZ_PROTECTED_TOKEN_IDS: protectedTokens.join(','),
    },
  };
}

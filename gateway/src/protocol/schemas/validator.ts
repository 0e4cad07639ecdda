import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import { addOcppConstraintKeywords, withOcppConstraints } from './ocpp-constraints.ts';
import { type JsonSchema, loadOcppSchemas, type OcppSchemaSet } from './schema-source.ts';
import { describeErrors, isSoftViolation, type SchemaViolation, violationKind } from './violation.ts';

// ajv-formats is CommonJS; depending on the loader its default export arrives wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** Which schema of an action: the CALL payload, the CALLRESULT payload, or a 2.1 SEND payload. */
export type SchemaDirection = 'request' | 'response' | 'send';

function createAjv(allErrors: boolean): Ajv {
  const ajv = new Ajv({
    allErrors,
    // The OCA files carry `javaType`, `comment` and draft-06 `$schema`s that strict mode rejects; the files must
    // stay unmodified, so strictness is off and meta-schema validation is skipped (they are known-good).
    strict: false,
    validateSchema: false,
    // 1.6 charging schedules use multipleOf 0.1, which plain float division gets wrong (0.3 / 0.1 = 2.9999…).
    multipleOfPrecision: 6,
    // JSON has no Infinity or NaN; a literal too large for a double (1e400) parses as Infinity and is not a number.
    strictNumbers: true,
  });
  addOcppConstraintKeywords(ajv);
  // "fast" formats are plain regular expressions: cheap on the hot path, and OCPP only needs date-time and uri.
  addFormats(ajv, { mode: 'fast', formats: ['date-time', 'uri'] });
  return ajv;
}

const NO_SCHEMA: Readonly<Record<SchemaDirection, string>> = {
  request: 'no such action',
  response: 'no response schema for this action',
  send: 'no such SEND message',
};

/**
 * Validates OCPP payloads of one version against the official OCA JSON schemas with Ajv 8. Schemas are read when
 * the validator is built and compiled on first use of each action (or all at once with {@link compileAll}, which
 * the gateway calls at start so no compilation ever lands on the message path). Valid payloads cost one compiled
 * function call and allocate nothing.
 */
export class OcppValidator {
  readonly version: OcppVersion;
  readonly #schemas: OcppSchemaSet;
  readonly #ajv = createAjv(false);
  #ajvAll: Ajv | undefined;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #compiledAll = new Map<string, ValidateFunction>();

  constructor(version: OcppVersion, schemas: OcppSchemaSet = loadOcppSchemas(version)) {
    this.version = version;
    this.#schemas = schemas;
  }

  /** True when `action` is a request this version defines (known, whether or not the gateway handles it). */
  hasRequest(action: string): boolean {
    return this.#schemas.requests.has(action);
  }

  /** True when `action` is a 2.1 SEND message. */
  hasSend(action: string): boolean {
    return this.#schemas.sends.has(action);
  }

  /** Every request action of this version. */
  actions(): IterableIterator<string> {
    return this.#schemas.requests.keys();
  }

  /**
   * Checks a payload. Returns `undefined` when it is valid. With `lenient`, all errors are collected and the
   * returned violation says whether they are all soft (see {@link SchemaViolation.soft}).
   */
  validate(direction: SchemaDirection, action: string, payload: unknown, lenient = false): SchemaViolation | undefined {
    const validate = this.#validator(direction, action, false);
    if (validate === undefined) return { kind: 'NotImplemented', description: NO_SCHEMA[direction], soft: false };
    if (validate(payload)) return undefined;
    const first = validate.errors?.[0];
    if (first === undefined) return { kind: 'FormatViolation', description: 'schema validation failed', soft: false };
    if (!lenient) return { kind: violationKind(first, payload), description: describeErrors([first]), soft: false };
    // Rare path: compile a second, all-errors validator so one soft error cannot hide a hard one.
    const all = this.#validator(direction, action, true) as ValidateFunction;
    all(payload);
    const errors = all.errors ?? [first];
    return { kind: violationKind(first, payload), description: describeErrors(errors), soft: errors.every(isSoftViolation) };
  }

  /** Compiles every schema of this version now (about a second for 2.1; call at start-up). */
  compileAll(): void {
    for (const action of this.#schemas.requests.keys()) this.#validator('request', action, false);
    for (const action of this.#schemas.responses.keys()) this.#validator('response', action, false);
    for (const action of this.#schemas.sends.keys()) this.#validator('send', action, false);
  }

  #validator(direction: SchemaDirection, action: string, allErrors: boolean): ValidateFunction | undefined {
    const cache = allErrors ? this.#compiledAll : this.#compiled;
    const key = direction === 'request' ? action : `${direction}:${action}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const schema = this.#schema(direction, action);
    if (schema === undefined) return undefined;
    const ajv = allErrors ? (this.#ajvAll ??= createAjv(true)) : this.#ajv;
    const compiled = ajv.compile(withOcppConstraints(schema));
    cache.set(key, compiled);
    return compiled;
  }

  #schema(direction: SchemaDirection, action: string): JsonSchema | undefined {
    const map =
      direction === 'request' ? this.#schemas.requests : direction === 'response' ? this.#schemas.responses : this.#schemas.sends;
    return map.get(action);
  }
}

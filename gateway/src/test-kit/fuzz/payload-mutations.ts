import fc from 'fast-check';
import type { RpcErrorKind } from '../../protocol/error-codes.ts';
import { TEXT_KEYWORD, withOcppConstraints } from '../../protocol/schemas/ocpp-constraints.ts';
import type { JsonSchema } from '../../protocol/schemas/schema-source.ts';
import { declaredType, resolveSchema, stringArbitrary, stringOptions, validPayloadArbitrary } from './schema-arbitrary.ts';

/** What a payload should get: `valid` (a CALLRESULT) or the schema violation's error reason. */
export type PayloadVerdict = 'valid' | RpcErrorKind;

/** A payload made from a valid one by one mutation, with the verdict the mutation implies. */
export interface MutatedPayload {
  readonly payload: unknown;
  readonly verdict: PayloadVerdict;
  /** e.g. `wrong-type /chargingStation/model`, for failure messages and statistics. */
  readonly mutation: string;
}

/** A JSON literal that JavaScript cannot hold as written (`1e400` parses as Infinity); see {@link frameText}. */
export class RawJson {
  constructor(readonly text: string) {}
}

type Path = readonly (string | number)[];
const REMOVE = Symbol('remove');

interface Site {
  readonly path: Path;
  readonly schema: JsonSchema;
  readonly root: JsonSchema;
  readonly required: boolean;
  readonly value: unknown;
}

interface Candidate {
  readonly name: string;
  readonly verdict: PayloadVerdict;
  readonly site: Site;
  readonly value: fc.Arbitrary<unknown>;
  /** Adds a property instead of replacing the site's value. */
  readonly addKey?: string;
}

function collectSites(value: unknown, schemaAt: { schema: JsonSchema; root: JsonSchema }, path: Path, required: boolean, out: Site[]): void {
  const schema = resolveSchema(schemaAt);
  out.push({ path, schema, root: schemaAt.root, required, value });
  if (Array.isArray(value) && declaredType(schema) === 'array') {
    value.forEach((item, i) => collectSites(item, { schema: (schema.items ?? {}) as JsonSchema, root: schemaAt.root }, [...path, i], false, out));
  } else if (value !== null && typeof value === 'object' && declaredType(schema) === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const requiredKeys = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [key, child] of Object.entries(value)) {
      const sub = properties[key];
      if (sub) collectSites(child, { schema: sub, root: schemaAt.root }, [...path, key], requiredKeys.has(key), out);
    }
  }
}

const WRONG_TYPE: Readonly<Record<string, readonly unknown[]>> = {
  string: [12, true, null, {}, [], 0],
  integer: ['12', 1.5, true, null, {}, [], -0.25],
  number: ['1.5', false, null, {}, []],
  boolean: ['true', 0, 1, null, {}],
  object: ['x', 1, [], true, null],
  array: [{}, 'x', 1, null, true],
};
const BAD_DATES = ['yesterday', '', '2024-02-30', '12:00:00', '2024-01-01T00:00:00', 'T', '٢٠٢٤-٠١-٠١T00:00:00Z'];
// OCPP's integer is 32 bit (2.0.1 Part 2 §2.1): beyond it a value is out of range. JSON has no Infinity: a literal
// too big for a double (1e400) is not a number at all.
const INT_OUT_OF_RANGE = [2 ** 31, 2 ** 53, 1e21, 1.7976931348623157e308, new RawJson('123456789012345678901234567890')];
const INT_OUT_OF_RANGE_NEGATIVE = [-(2 ** 31) - 1, -(2 ** 53), -1.7976931348623157e308];
const HUGE_DECIMALS = [2 ** 31, 2 ** 53, 1e21, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324];
const NOT_A_NUMBER = [new RawJson('1e400'), new RawJson('-1e400')];

/** Nested arrays or objects `depth` levels deep, as JSON text (`JSON.stringify` would run out of stack). */
export function deeplyNested(depth: number, kind: 'array' | 'object'): RawJson {
  return new RawJson(kind === 'array' ? `${'['.repeat(depth)}0${']'.repeat(depth)}` : `${'{"d":'.repeat(depth)}0${'}'.repeat(depth)}`);
}

function candidatesOf(site: Site): Candidate[] {
  const { schema, path } = site;
  const where = `/${path.join('/')}`;
  const type = declaredType(schema);
  const out: Candidate[] = [];
  const add = (name: string, verdict: PayloadVerdict, value: fc.Arbitrary<unknown>, addKey?: string) =>
    out.push({ name: `${name} ${where}`, verdict, site, value, ...(addKey !== undefined ? { addKey } : {}) });

  if (path.length > 0 && site.required) add('missing', 'OccurrenceConstraintViolation', fc.constant(REMOVE));
  if (path.length > 0 && type !== undefined) add('wrong-type', 'TypeConstraintViolation', fc.constantFrom(...WRONG_TYPE[type]!));
  if (Array.isArray(schema.enum) && type === 'string') {
    add('not-in-enum', 'PropertyConstraintViolation', fc.constantFrom('NotAValue', 'accepted', `${String(schema.enum[0])} `, ''));
  }
  if (typeof schema.maxLength === 'number') {
    const over = schema.maxLength + 1;
    add('too-long', 'PropertyConstraintViolation', fc.constantFrom('x'.repeat(over), '😀'.repeat(over), 'é'.repeat(over + 20)));
  }
  if (typeof schema.minLength === 'number' && schema.minLength > 0) add('too-short', 'PropertyConstraintViolation', fc.constant(''));
  if (schema[TEXT_KEYWORD] === true && schema.enum === undefined && schema.format === undefined && schema.maxLength !== 0) {
    add('nul-character', 'PropertyConstraintViolation', fc.constantFrom('\u0000', 'a\u0000', '\u0000\u0000').map((s) => (typeof schema.maxLength === 'number' ? s.slice(0, schema.maxLength) : s)).filter((s) => s.includes('\u0000')));
    add('unpaired-surrogate', 'PropertyConstraintViolation', fc.constantFrom('\ud800', '\udfff', '\udfff\ud800', 'a\udc00'.slice(-1)));
  }
  if (schema.format === 'date-time') add('bad-date-time', 'PropertyConstraintViolation', fc.constantFrom(...BAD_DATES));
  if (typeof schema.minimum === 'number') add('below-minimum', 'PropertyConstraintViolation', fc.constant(schema.minimum - 1));
  if (typeof schema.maximum === 'number') add('above-maximum', 'PropertyConstraintViolation', fc.constant(schema.maximum + 1));
  if (type === 'integer') {
    if (typeof schema.maximum !== 'number') add('beyond-int32', 'PropertyConstraintViolation', fc.constantFrom(...INT_OUT_OF_RANGE));
    if (typeof schema.minimum !== 'number') add('below-int32', 'PropertyConstraintViolation', fc.constantFrom(...INT_OUT_OF_RANGE_NEGATIVE));
  }
  if (type === 'number' && schema.minimum === undefined && schema.maximum === undefined && schema.multipleOf === undefined) {
    add('huge-decimal', 'valid', fc.constantFrom(...HUGE_DECIMALS));
  }
  if (type === 'integer' || type === 'number') add('overflowing-literal', 'TypeConstraintViolation', fc.constantFrom(...NOT_A_NUMBER));
  if (type === 'array' && Array.isArray(site.value)) {
    const items = site.value;
    if (typeof schema.maxItems === 'number' && items.length > 0) {
      const over = schema.maxItems + 1;
      add('too-many-items', 'OccurrenceConstraintViolation', fc.constant(Array.from({ length: over }, (_, i) => items[i % items.length])));
    }
    if (typeof schema.minItems === 'number' && schema.minItems > 0) add('too-few-items', 'OccurrenceConstraintViolation', fc.constant([]));
  }
  if (type === 'string' && schema.enum === undefined && schema.format === undefined) {
    add('unicode', 'valid', stringArbitrary(typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY, stringOptions(schema)));
  }
  if (type === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    const extraValue = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.integer({ min: 10, max: 5_000 }).map((depth) => deeplyNested(depth, 'object')));
    const verdict: PayloadVerdict = schema.additionalProperties === false ? 'FormatViolation' : 'valid';
    for (const key of ['fuzzExtra', '__proto__', 'constructor', '😀', 'x'.repeat(300)]) {
      if (!Object.hasOwn(properties, key)) add(`extra-property(${key})`, verdict, extraValue, key);
    }
  }
  if (type === undefined && schema.enum === undefined) {
    add('deeply-nested', 'valid', fc.integer({ min: 10, max: 5_000 }).chain((depth) => fc.constantFrom(deeplyNested(depth, 'array'), deeplyNested(depth, 'object'))));
    add('any-json', 'valid', fc.jsonValue({ maxDepth: 3 }));
  }
  return out;
}

function apply(payload: unknown, candidate: Candidate, value: unknown): unknown {
  const copy = structuredClone(payload);
  const path = candidate.site.path;
  if (candidate.addKey !== undefined) {
    const target = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as object;
    // defineProperty: a plain assignment to "__proto__" would change the prototype instead of adding a key
    Object.defineProperty(target, candidate.addKey, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  }
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return copy;
}

/**
 * Valid payloads of `schema` mutated at one site: a required field missing, a value of the wrong JSON type, an
 * unknown property, a value out of its enum, too long, a bad date-time, out of range, too many or too few items,
 * huge numbers; and valid variations: any code point in free text, deep nesting where the schema allows any JSON.
 */
export function mutatedPayloadArbitrary(original: JsonSchema): fc.Arbitrary<MutatedPayload> {
  const schema = withOcppConstraints(original);
  return validPayloadArbitrary(schema).chain((payload) => {
    const sites: Site[] = [];
    collectSites(payload, { schema, root: schema }, [], false, sites);
    const candidates = sites.flatMap(candidatesOf);
    if (candidates.length === 0) return fc.constant<MutatedPayload>({ payload, verdict: 'valid', mutation: 'none' });
    return fc
      .constantFrom(...candidates)
      .chain((candidate) => candidate.value.map((value) => ({ payload: apply(payload, candidate, value), verdict: candidate.verdict, mutation: candidate.name })));
  });
}

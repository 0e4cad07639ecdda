import fc from 'fast-check';
import { TEXT_KEYWORD, withOcppConstraints } from '../../protocol/schemas/ocpp-constraints.ts';
import type { JsonSchema } from '../../protocol/schemas/schema-source.ts';

/** Objects deeper than this get their required properties only, so payloads stay a few hundred bytes. */
const OPTIONAL_DEPTH = 4;
/** Arrays without a smaller `maxItems` get at most this many items beyond `minItems`. */
const EXTRA_ITEMS = 3;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Strings that have broken JSON handling, logging and databases elsewhere; cut to the field's `maxLength`. */
export const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '__proto__',
  'constructor',
  'toString',
  '"\\/\b\f\n\r\t',
  '\u2028\u2029',
  '\ud800',
  '\udfff\ud800',
  '😀🚗⚡',
  'Zürich Straße ÆØÅ',
  '中文字符',
  'مرحبا',
  '\u202eevil',
  'null',
  '-1',
  "'; drop table transaction; --",
  '%s%n%x',
];

/** A schema with its root, so `$ref`s into `#/definitions` can be resolved. */
export interface SchemaAt {
  readonly schema: JsonSchema;
  readonly root: JsonSchema;
}

/** Follows `$ref: "#/definitions/X"` (the only kind the OCA schemas use). */
export function resolveSchema(at: SchemaAt): JsonSchema {
  let schema = at.schema;
  for (let hops = 0; typeof schema.$ref === 'string' && hops < 16; hops++) {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    const definitions = at.root.definitions as Record<string, JsonSchema> | undefined;
    const target = definitions?.[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${schema.$ref}`);
    schema = target;
  }
  return schema;
}

/** The JSON type a schema declares (`type` may be missing on `$ref`-only or free-form fields). */
export function declaredType(schema: JsonSchema): string | undefined {
  return typeof schema.type === 'string' ? schema.type : undefined;
}

/**
 * A string of `minLength` to `maxLength` code points (Ajv counts code points, so a surrogate pair is one), well-formed
 * and without U+0000 when the schema says so.
 */
export function stringArbitrary(maxLength: number, options: { minLength?: number; noNul?: boolean } = {}): fc.Arbitrary<string> {
  const cap = Math.min(maxLength, 64);
  const minLength = options.minLength ?? 0;
  return fc
    .oneof(
      { weight: 5, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: cap }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: cap }) },
      { weight: 2, arbitrary: fc.constantFrom(...TRICKY_STRINGS).map((s) => [...s].slice(0, maxLength).join('')) },
      { weight: 1, arbitrary: fc.constant('x'.repeat(maxLength === Number.POSITIVE_INFINITY ? 300 : maxLength)) },
    )
    .map((s) => (options.noNul ? wellFormed(s.replaceAll('\u0000', '0')) : s))
    .map((s) => ([...s].length < minLength ? s + 'm'.repeat(minLength - [...s].length) : s));
}

/** `s` with every unpaired surrogate replaced by U+FFFD (`String.prototype.toWellFormed`, not in the ES2023 lib). */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The string options of a (resolved) string schema. */
export function stringOptions(schema: JsonSchema): { minLength?: number; noNul?: boolean } {
  return {
    ...(typeof schema.minLength === 'number' ? { minLength: schema.minLength } : {}),
    ...(schema[TEXT_KEYWORD] === true ? { noNul: true } : {}),
  };
}

const dateTime = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      date.toISOString().replace('Z', '+02:00'),
      date.toISOString().replace(/Z$/, '-05:30'),
    ),
  );

function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : INT32_MIN;
  const max = typeof schema.maximum === 'number' ? Math.floor(schema.maximum) : INT32_MAX;
  const clamp = (n: number) => Math.min(Math.max(n, min), max);
  // small values first: connector and EVSE ids, counters
  const small = fc.integer({ min: clamp(0), max: clamp(10) });
  return fc.oneof({ weight: 3, arbitrary: small }, { weight: 2, arbitrary: fc.integer({ min, max }) });
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e9;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e9;
  if (typeof schema.multipleOf === 'number') {
    const step = schema.multipleOf;
    return fc
      .integer({ min: Math.ceil(min / step), max: Math.floor(max / step) })
      .map((n) => Number((n * step).toFixed(6)));
  }
  return fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  );
}

/**
 * Payloads that are valid against an OCA JSON schema with the gateway's {@link withOcppConstraints} (the subset of
 * keywords the OCA files use: `type`, `properties`, `required`, `additionalProperties`, `enum`, `maxLength`,
 * `format`, `$ref`, `items`, `minItems`, `maxItems`, `minimum`, `maximum`, `multipleOf`; and `minLength`, no U+0000).
 * Strings mix ASCII, any code point and {@link TRICKY_STRINGS}.
 */
export function validPayloadArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const root = withOcppConstraints(schema);
  return valueArbitrary({ schema: root, root }, 0);
}

function valueArbitrary(at: SchemaAt, depth: number): fc.Arbitrary<unknown> {
  const schema = resolveSchema(at);
  const child = (sub: JsonSchema): SchemaAt => ({ schema: sub, root: at.root });
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (declaredType(schema)) {
    case 'string':
      if (schema.format === 'date-time') return dateTime;
      if (schema.format === 'uri') return fc.webUrl();
      return stringArbitrary(typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY, stringOptions(schema));
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : Number.MAX_SAFE_INTEGER, minLength + (depth >= OPTIONAL_DEPTH ? 0 : EXTRA_ITEMS));
      return fc.array(valueArbitrary(child(items), depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      const keys = Object.keys(properties).filter((key) => required.has(key) || depth < OPTIONAL_DEPTH);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const key of keys) model[key] = valueArbitrary(child(properties[key]!), depth + 1);
      return fc.record(model, { requiredKeys: keys.filter((key) => required.has(key)) });
    }
    default:
      // A field without a type (2.x DataTransfer `data`): any JSON.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

import { _, type Ajv, type KeywordCxt } from 'ajv';
import type { JsonSchema } from './schema-source.ts';

/**
 * Keyword beside every `"type": "integer"`: OCPP's `integer` is 32 bit, 31 bit resolution and a sign bit (2.0.1
 * Part 2 §2.1; 1.6 and 2.1 use the same data type), while JSON Schema's `integer` is unbounded. Without it a
 * `connectorId` of 2^53 passed validation and failed in the database's `integer` columns.
 */
export const INT32_KEYWORD = 'x-ocpp-int32';

/**
 * Keyword beside every `"type": "string"`: well-formed Unicode without U+0000. No OCPP string type admits either
 * (1.6 CiString: printable ASCII; 2.x: printable Unicode). PostgreSQL cannot store U+0000 in text, SQLite's driver
 * cut the SQL at it, and an unpaired surrogate (possible only as a JSON escape such as `\ud800`) made PostgreSQL
 * refuse the session event's JSON payload.
 */
export const TEXT_KEYWORD = 'x-ocpp-text';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** Teaches `ajv` the keywords {@link withOcppConstraints} adds (inline code: no function call per value). */
export function addOcppConstraintKeywords(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: INT32_KEYWORD,
    type: 'number',
    schemaType: 'boolean',
    code(cxt: KeywordCxt) {
      cxt.fail(_`${cxt.data} < ${INT32_MIN} || ${cxt.data} > ${INT32_MAX}`);
    },
    error: { message: `must be a 32-bit integer (${INT32_MIN} to ${INT32_MAX})` },
  });
  ajv.addKeyword({
    keyword: TEXT_KEYWORD,
    type: 'string',
    schemaType: 'boolean',
    code(cxt: KeywordCxt) {
      // String.prototype.isWellFormed: Node 20
      cxt.fail(_`${cxt.data}.includes("\\u0000") || !${cxt.data}.isWellFormed()`);
    },
    error: { message: 'must be well-formed Unicode without U+0000' },
  });
}

/** Connector and EVSE ids: "≥ 0" in the text of 1.6 (§6.47, §6.31) and 2.0.1, and in 2.1's own schemas. */
const NON_NEGATIVE_IDS = new Set(['connectorId', 'evseId']);

/**
 * A copy of an OCA schema with the constraints the specifications state in prose but the 1.6 and 2.0.1 schema files
 * leave out: 32-bit integers ({@link INT32_KEYWORD}), well-formed strings without U+0000 ({@link TEXT_KEYWORD}), connector and
 * EVSE ids ≥ 0, and a non-empty 2.x `transactionId` (an identifierString names something). The copy lives in memory
 * only; the OCA files stay unmodified. Violations map to PropertyConstraintViolation.
 */
export function withOcppConstraints(schema: JsonSchema): JsonSchema {
  return constrain(schema, undefined, undefined) as JsonSchema;
}

function constrain(node: unknown, property: string | undefined, definition: string | undefined): unknown {
  if (Array.isArray(node)) return node.map((item) => constrain(item, undefined, definition));
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'default' || key === 'required') copy[key] = value;
    else if (key === 'properties' || key === 'definitions') {
      const children: Record<string, unknown> = {};
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
        children[name] = key === 'properties' ? constrain(child, name, definition) : constrain(child, undefined, name);
      }
      copy[key] = children;
    } else copy[key] = constrain(value, undefined, definition);
  }
  if (copy.type === 'integer') {
    copy[INT32_KEYWORD] = true;
    const isId = (property !== undefined && NON_NEGATIVE_IDS.has(property)) || (definition === 'EVSEType' && property === 'id');
    if (isId && (typeof copy.minimum !== 'number' || copy.minimum < 0)) copy.minimum = 0;
  }
  if (copy.type === 'string') {
    copy[TEXT_KEYWORD] = true;
    if (definition === 'TransactionType' && property === 'transactionId' && copy.minLength === undefined) copy.minLength = 1;
  }
  return copy;
}

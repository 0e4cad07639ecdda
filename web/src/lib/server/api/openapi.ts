import { z } from 'zod';
import type { Operation } from './operation.ts';
import { errorSchema } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input (the message names the field) or a command the station cannot take',
  401: 'no or invalid credentials',
  403: 'the role does not allow this, or a cookie write without the CSRF token',
  404: 'unknown id',
  409: 'conflict (exists already; last admin) or ChargePointOffline',
  413: 'body too large',
  415: 'body is not JSON',
  429: 'too many failed sign-ins',
  502: 'ChargePointError (CALLERROR), invalid response or connection lost',
  503: 'Temporal or the database is unavailable',
  504: 'ChargePointTimeout',
};

/** The server refuses U+0000 in every text input (request.ts `assertNoNul`). */
const NO_NUL = '^[^\\u0000]*$';

/** Adds the no-U+0000 rule to every string of an input schema (beside a pattern of its own: through `allOf`). */
function withoutNul(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNul);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withoutNul(value)]));
  const isString = out.type === 'string' || (Array.isArray(out.type) && out.type.includes('string'));
  if (isString && out.enum === undefined && out.const === undefined) {
    if (out.pattern === undefined) out.pattern = NO_NUL;
    else out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), { pattern: NO_NUL }];
  }
  return out;
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return io === 'input' ? (withoutNul(rest) as JsonSchema) : rest;
}

function parametersOf(operation: Operation): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [['path', operation.params], ['query', operation.query]] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      out.push({
        name,
        in: where,
        required: where === 'path' || !fieldSchema.safeParse(undefined).success,
        schema: schemaOf(fieldSchema, 'input'),
        ...(fieldSchema.description ? { description: fieldSchema.description } : {}),
      });
    }
  }
  return out;
}

/** An absent body reads as `{}` (endpoint.ts), so the body is optional exactly when `{}` is valid. */
function requestBodyOf(body: z.ZodType, csv: boolean): JsonSchema {
  return {
    required: !body.safeParse({}).success,
    content: {
      'application/json': { schema: schemaOf(body, 'input') },
      ...(csv ? { 'text/csv': { schema: withoutNul({ type: 'string' }) } } : {}),
    },
  };
}

function responsesOf(operation: Operation): Record<string, JsonSchema> {
  const status = operation.status ?? (operation.response || operation.fileResponse ? 200 : 204);
  const success: JsonSchema = { description: 'success' };
  if (operation.fileResponse) success.content = { [operation.fileResponse]: { schema: { type: 'string', contentMediaType: operation.fileResponse } } };
  if (operation.response) {
    success.content = {
      'application/json': { schema: schemaOf(operation.response, 'output') },
      ...(operation.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
    };
  }
  const responses: Record<string, JsonSchema> = { [String(status)]: success };
  const errorStatuses = new Set<number>([400, ...(operation.role === 'public' ? [] : [401, 403]), ...(operation.errors ?? [])]);
  if (operation.body) [413, 415].forEach((s) => errorStatuses.add(s));
  for (const code of [...errorStatuses].sort()) {
    responses[String(code)] = { description: ERROR_TEXT[code] ?? 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return responses;
}

/** Builds the OpenAPI 3.1 document of `operations` from their zod schemas. */
export function buildOpenApiDocument(operations: readonly Operation[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    item[operation.method.toLowerCase()] = {
      operationId: operation.operationId,
      tags: [operation.tag],
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      'x-required-role': operation.role,
      security: operation.role === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      parameters: parametersOf(operation),
      ...(operation.body ? { requestBody: requestBodyOf(operation.body, operation.csvBody ?? false) } : {}),
      ...(!operation.body && operation.rawBody ? { requestBody: { required: true, content: { [operation.rawBody.contentType]: { schema: operation.rawBody.schema } } } } : {}),
      responses: responsesOf(operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CSMS REST API',
      version,
      description: 'Management API of the central system. See docs/api.md for authentication, roles, CSRF and CSV options.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: schemaOf(errorSchema, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token (`csms-db token create` or POST /api/v1/tokens)' },
        session: { type: 'apiKey', in: 'cookie', name: 'csms_session', description: 'browser session; writes also need the x-csrf-token header' },
      },
    },
  };
}

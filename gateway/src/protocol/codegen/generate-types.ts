/**
 * Writes `../types/ocpp16.ts`, `ocpp201.ts` and `ocpp21.ts`: TypeScript types for every request and response of
 * each version, generated from the very schemas the validator uses, so types and validation cannot drift.
 * Only structure is emitted (no schema descriptions), in the spec's spelling.
 *
 * Run: `npx tsx gateway/src/protocol/codegen/generate-types.ts`
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonSchema, loadOcppSchemas, OCPP_SCHEMA_SOURCES } from '../schemas/schema-source.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';

const OUTPUT: Readonly<Record<OcppVersion, { file: string; prefix: string }>> = {
  '1.6': { file: 'ocpp16.ts', prefix: 'Ocpp16' },
  '2.0.1': { file: 'ocpp201.ts', prefix: 'Ocpp201' },
  '2.1': { file: 'ocpp21.ts', prefix: 'Ocpp21' },
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

class Emitter {
  readonly definitions = new Map<string, { json: string; code: string }>();
  readonly conflicts: string[] = [];

  /** Emits the named definitions of one schema file (2.x keeps shared types under `definitions`). */
  collectDefinitions(schema: JsonSchema): void {
    const definitions = (schema.definitions ?? {}) as Record<string, JsonSchema>;
    for (const [name, definition] of Object.entries(definitions)) {
      const json = JSON.stringify(stripDocs(definition));
      const seen = this.definitions.get(name);
      if (seen) {
        if (seen.json !== json) this.conflicts.push(name);
        continue;
      }
      this.definitions.set(name, { json, code: this.declaration(name, definition) });
    }
  }

  declaration(name: string, schema: JsonSchema): string {
    if (schema.type === 'object' || schema.properties !== undefined) {
      const body = this.objectBody(schema, '');
      // An empty closed object (Heartbeat) accepts only `{}`; an empty interface would accept anything.
      if (body === '{}') return `export type ${name} = Record<string, never>;\n`;
      return `export interface ${name} ${body}\n`;
    }
    return `export type ${name} = ${this.typeOf(schema, '')};\n`;
  }

  typeOf(schema: JsonSchema, indent: string): string {
    if (typeof schema.$ref === 'string') return schema.$ref.replace('#/definitions/', '');
    if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
    switch (schema.type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        const items = (schema.items ?? {}) as JsonSchema;
        return `Array<${this.typeOf(items, indent)}>`;
      }
      case 'object':
        return this.objectBody(schema, indent);
      default:
        return schema.properties !== undefined ? this.objectBody(schema, indent) : 'unknown';
    }
  }

  objectBody(schema: JsonSchema, indent: string): string {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    const inner = `${indent}  `;
    const lines = Object.entries(properties).map(([key, property]) => {
      const name = IDENTIFIER.test(key) ? key : JSON.stringify(key);
      return `${inner}${name}${required.has(key) ? '' : '?'}: ${this.typeOf(property, inner)};`;
    });
    // OCA leaves additionalProperties open only on purpose (CustomDataType: "can be extended with arbitrary JSON").
    if (schema.additionalProperties !== false) lines.push(`${inner}[key: string]: unknown;`);
    return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
  }
}

function stripDocs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripDocs);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key !== 'description' && key !== 'javaType' && key !== '$comment' && key !== 'comment') {
      out[key] = stripDocs(value);
    }
  }
  return out;
}

function generate(version: OcppVersion): string {
  const { prefix } = OUTPUT[version];
  const set = loadOcppSchemas(version);
  const emitter = new Emitter();
  const messages: string[] = [];
  const actions = [...set.requests.keys()].sort();
  const emitMessage = (name: string, schema: JsonSchema) => {
    emitter.collectDefinitions(schema);
    messages.push(emitter.declaration(name, schema));
  };
  for (const action of actions) {
    emitMessage(`${action}Request`, set.requests.get(action) as JsonSchema);
    const response = set.responses.get(action);
    if (response) emitMessage(`${action}Response`, response);
  }
  const sends = [...set.sends.keys()].sort();
  for (const name of sends) emitMessage(name, set.sends.get(name) as JsonSchema);
  if (emitter.conflicts.length > 0) {
    throw new Error(`${version}: definitions differ between schema files: ${emitter.conflicts.join(', ')}`);
  }

  const map = actions.map((a) => `  ${a}: { request: ${a}Request; response: ${a}Response };`).join('\n');
  const sendMap = sends.map((s) => `  ${s}: ${s};`).join('\n');
  return [
    `// Generated by gateway/src/protocol/codegen/generate-types.ts from ${OCPP_SCHEMA_SOURCES[version]}.`,
    '// Do not edit; rerun the generator. Structure only: the schemas\' descriptions are not copied.',
    '',
    ...[...emitter.definitions.values()].map((d) => d.code),
    ...messages,
    `/** Request and response type of every OCPP ${version} action, by action name. */`,
    `export interface ${prefix}ActionMap {\n${map}\n}\n`,
    `/** Every OCPP ${version} action name. */`,
    `export type ${prefix}Action = keyof ${prefix}ActionMap;\n`,
    `/** Payload type of every OCPP ${version} SEND message (2.1 only; empty otherwise). */`,
    sendMap === ''
      ? `export type ${prefix}SendMap = Record<never, never>;\n`
      : `export interface ${prefix}SendMap {\n${sendMap}\n}\n`,
  ].join('\n');
}

const outDir = join(import.meta.dirname, '..', 'types');
for (const version of Object.keys(OUTPUT) as OcppVersion[]) {
  writeFileSync(join(outDir, OUTPUT[version].file), generate(version));
  console.log(`wrote ${OUTPUT[version].file}`);
}

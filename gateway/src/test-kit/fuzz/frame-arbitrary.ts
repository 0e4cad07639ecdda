import fc from 'fast-check';
import { loadOcppSchemas, type OcppSchemaSet } from '../../protocol/schemas/schema-source.ts';
import type { OcppVersion } from '@csms/temporal/ocpp-version';
import { ANY_SCHEMA_VERDICT, expectedAnswer, type ActionCatalogue, type Expected } from './answer-oracle.ts';
import { deeplyNested, mutatedPayloadArbitrary, RawJson, type PayloadVerdict } from './payload-mutations.ts';
import { validPayloadArbitrary } from './schema-arbitrary.ts';

/** One frame to send, with the answer the spec requires. */
export interface FuzzFrame {
  readonly text: string;
  readonly expected: Expected;
  /** What kind of frame it is (`valid BootNotification`, `missing /idTag`, `not JSON` …), for failure messages. */
  readonly label: string;
}

/** A frame waiting for its message id: ids are given at send time, unique on the connection. */
export type FrameTemplate = (id: string) => FuzzFrame;

/** Makes a counterexample readable: fast-check prints the frame (with id `ID`) instead of the function's source. */
function printable(template: FrameTemplate): FrameTemplate {
  return Object.assign(template, { [fc.toStringMethod]: () => { const f = template('ID'); return `${f.label}: ${f.text.slice(0, 500)}`; } });
}

/**
 * JSON text of a frame. {@link RawJson} values are written as their literal text (`1e400`), which
 * `JSON.stringify` cannot produce.
 */
export function frameText(frame: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(frame, (_key, value: unknown) => {
    if (value instanceof RawJson) {
      raws.push(value.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return value;
  });
  return raws.length === 0 ? text : text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

const UNKNOWN_ACTIONS = ['Teleport', 'heartbeat', 'Heartbeat ', ' Heartbeat', 'HEARTBEAT', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '😀', 'x'.repeat(200), 'Boot\u0000Notification'];
const NOT_JSON = ['', ' ', '[', ']', '[2,"1","Heartbeat",{}', '{"a":', 'undefined', 'NaN', "[2,'1','Heartbeat',{}]", '[2,"1","Heartbeat",{},]', '\u0000', '[2,"1","Heartbeat",{"a":1e}]', '[2,"\ud800"'];
const NON_ARRAY_JSON = ['{}', '{"0":2,"1":"x"}', '"[2,\\"1\\",\\"Heartbeat\\",{}]"', '2', '-1e400', 'null', 'true', '""'];

/** Frames for one version: see {@link frameArbitrary}. */
export interface FrameArbitraryOptions {
  /** Include deeply nested whole frames up to this depth (the frame limit bounds it; default 5,000). */
  readonly maxNesting?: number;
}

/**
 * Generated and mutated OCPP-J frames of one version, each with the answer the specification requires:
 * valid CALLs of every handled action from the official schemas, the same mutated field by field (wrong types,
 * missing and extra fields, enums, lengths, formats, ranges, huge numbers, any code point, deep nesting), CALLs of
 * unknown and unsupported actions, frames of the wrong shape (message type ids, ids, element counts, payload types),
 * non-array and non-JSON text, deeply nested frames, and CALLRESULTs/CALLERRORs (2.1: CALLRESULTERRORs, SENDs) for
 * message ids the gateway never used.
 */
export function frameArbitrary(catalogue: ActionCatalogue, options: FrameArbitraryOptions = {}): fc.Arbitrary<FrameTemplate> {
  const version = catalogue.version;
  const schemas = schemasOf(version);
  const handled = [...schemas.requests.keys()].filter((action) => catalogue.handled(action)).sort();
  const unhandled = [...schemas.requests.keys()].filter((action) => !catalogue.handled(action)).sort();
  const maxNesting = options.maxNesting ?? 5_000;
  const template = (label: string, build: (id: string) => unknown, verdict: PayloadVerdict | typeof ANY_SCHEMA_VERDICT = 'valid'): FrameTemplate =>
    printable((id) => {
      const text = frameText(build(id));
      return { text, label, expected: expectedAnswer(text, catalogue, verdict) };
    });
  const rawTemplate = (label: string, text: (id: string) => string): FrameTemplate =>
    printable((id) => {
      const body = text(id);
      return { text: body, label, expected: expectedAnswer(body, catalogue, 'valid') };
    });

  const validCall = fc.constantFrom(...handled).chain((action) =>
    validPayloadArbitrary(schemas.requests.get(action)!).map((payload) => template(`valid ${action}`, (id) => [2, id, action, payload])),
  );
  const mutatedCall = fc.constantFrom(...handled).chain((action) =>
    mutatedPayloadArbitrary(schemas.requests.get(action)!).map((m) => template(`${action}: ${m.mutation}`, (id) => [2, id, action, m.payload], m.verdict)),
  );
  const unsupportedCall = fc.constantFrom(...unhandled).chain((action) =>
    validPayloadArbitrary(schemas.requests.get(action)!).map((payload) => template(`unsupported ${action}`, (id) => [2, id, action, payload])),
  );
  const unknownCall = fc
    .oneof(fc.constantFrom(...UNKNOWN_ACTIONS), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }))
    .filter((action) => !schemas.requests.has(action))
    .map((action) => template(`unknown action`, (id) => [2, id, action, {}]));
  const randomPayload = fc
    .tuple(fc.constantFrom(...handled), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }))
    .map(([action, payload]) => template(`random payload ${action}`, (id) => [2, id, action, payload], ANY_SCHEMA_VERDICT));

  const wrongShape = fc.tuple(validCall, fc.integer({ min: 0, max: 13 }), fc.jsonValue({ maxDepth: 1 }), fc.boolean()).map(([call, kind, junk, flip]): FrameTemplate => printable((id) => {
    const [, , action, payload] = JSON.parse(call('x').text) as [number, string, string, unknown];
    const shapes: [string, unknown][] = [
      ['message type 0', [0, id, action, payload]],
      ['message type 7', [7, id, action, payload]],
      ['message type "2"', ['2', id, action, payload]],
      ['message type 2.5', [2.5, id, action, payload]],
      ['message type huge', [new RawJson('2e400'), id, action, payload]],
      ['message type 5 or 6', [version === '2.1' ? 9 : flip ? 6 : 5, id, action, payload]],
      ['numeric id', [2, 42, action, payload]],
      ['message type 5 with a numeric id', [5, 42, 'InternalError', '', {}]],
      ['empty id', [2, '', action, payload]],
      ['id of 37 characters', [2, `${id}${'-'.repeat(37)}`.slice(0, 37), action, payload]],
      ['CALL of 3 elements', [2, id, action]],
      ['CALL of 5 elements', [2, id, action, payload, junk]],
      ['action not a string', [2, id, junk === null ? 7 : typeof junk === 'string' ? [junk] : junk, payload]],
      ['payload not an object', [2, id, action, Array.isArray(junk) || typeof junk !== 'object' ? junk : [junk]]],
    ];
    const [label, frame] = shapes[kind]!;
    const text = frameText(frame);
    // a null payload means {} (2.x Part 4 §4.1.5), which may or may not fit the action's schema
    return { text, label, expected: expectedAnswer(text, catalogue, label === 'payload not an object' && junk === null ? ANY_SCHEMA_VERDICT : 'valid') };
  }));

  const notJson = fc.oneof(
    fc.constantFrom(...NOT_JSON),
    fc.string({ unit: 'binary', maxLength: 60 }),
    validCall.chain((call) => fc.nat().map((n) => { const text = call('t').text; return text.slice(0, n % Math.max(1, text.length - 1)); })),
  ).map((text) => rawTemplate('not JSON', () => text));
  const nonArray = fc.oneof(fc.constantFrom(...NON_ARRAY_JSON), fc.jsonValue({ maxDepth: 2 }).filter((v) => !Array.isArray(v)).map((v) => JSON.stringify(v))).map((text) => rawTemplate('non-array JSON', () => text));
  const nested = fc.tuple(fc.integer({ min: 2, max: maxNesting }), fc.boolean()).map(([depth, inside]) =>
    rawTemplate(`nested ${depth}`, (id) => (inside ? `[2,${JSON.stringify(id)},"Heartbeat",${'['.repeat(depth)}${']'.repeat(depth)}]` : `${'['.repeat(depth)}${']'.repeat(depth)}`)),
  );
  const neverAsked = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.jsonValue({ maxDepth: 2 }), fc.integer({ min: 1, max: 5_000 }), fc.boolean()).map(([kind, junk, depth, flip]): FrameTemplate => {
    const shapes: [string, (id: string) => unknown][] = [
      ['CALLRESULT for a call never made', (id) => [3, `never-${id}`, { status: 'Accepted' }]],
      ['CALLRESULT with a junk payload', (id) => [3, `never-${id}`, junk]],
      ['CALLERROR for a call never made', (id) => [4, `never-${id}`, 'InternalError', 'boom', { junk }]],
      ['CALLERROR with deeply nested details', (id) => [4, `never-${id}`, 'GenericError', '', deeplyNested(depth, 'object')]],
      ['CALLERROR of the wrong shape', (id) => [4, `never-${id}`, junk]],
      [version === '2.1' ? 'CALLRESULTERROR / SEND' : 'CALLRESULT with id -1', (id) => (version === '2.1' ? [flip ? 6 : 5, `never-${id}`, 'NotifyPeriodicEventStream', junk] : [3, '-1', {}])],
    ];
    const [label, build] = shapes[kind]!;
    return template(label, build);
  });

  return fc.oneof(
    { weight: 4, arbitrary: validCall },
    { weight: 8, arbitrary: mutatedCall },
    { weight: 1, arbitrary: unsupportedCall },
    { weight: 1, arbitrary: unknownCall },
    { weight: 1, arbitrary: randomPayload },
    { weight: 3, arbitrary: wrongShape },
    { weight: 1, arbitrary: notJson },
    { weight: 1, arbitrary: nonArray },
    { weight: 1, arbitrary: nested },
    { weight: 2, arbitrary: neverAsked },
  );
}

const SCHEMAS = new Map<OcppVersion, OcppSchemaSet>();
function schemasOf(version: OcppVersion): OcppSchemaSet {
  let set = SCHEMAS.get(version);
  if (!set) SCHEMAS.set(version, (set = loadOcppSchemas(version)));
  return set;
}

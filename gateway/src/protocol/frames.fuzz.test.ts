import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionCatalogue, expectedAnswer } from '../test-kit/fuzz/answer-oracle.ts';
import { frameArbitrary, frameText } from '../test-kit/fuzz/frame-arbitrary.ts';
import { fuzzSettings } from '../test-kit/fuzz/fuzz-settings.ts';
import { mutatedPayloadArbitrary } from '../test-kit/fuzz/payload-mutations.ts';
import { validPayloadArbitrary } from '../test-kit/fuzz/schema-arbitrary.ts';
import { MessageType } from './frames.ts';
import { isFrameViolation, parseFrame } from './parse.ts';
import { loadOcppSchemas } from './schemas/schema-source.ts';
import { OcppValidator } from './schemas/validator.ts';
import { OCPP_VERSIONS } from '@csms/temporal/ocpp-version';

/*
 * Property-based fuzzing of OCPP-J framing and schema validation, no I/O: the parser never throws and agrees with
 * an oracle written from the specifications, and the validator gives each mutation of a valid payload the error
 * reason the specifications name. Seeded (FUZZ_SEED) and sized (FUZZ_RUNS) by test-kit/fuzz/fuzz-settings.ts.
 */
const { seed, runs } = fuzzSettings({ runs: 150 });
const params = { seed, numRuns: runs };

describe.each(OCPP_VERSIONS)('OCPP %s framing and schemas (property-based)', (version) => {
  const validator = new OcppValidator(version);
  const catalogue = actionCatalogue(validator);
  const schemas = loadOcppSchemas(version);
  const frames = frameArbitrary(catalogue, { maxNesting: 2_000 });

  it('parseFrame never throws, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.jsonValue().map((v) => JSON.stringify([2, 'x', 'Heartbeat', v]))), (text) => {
        parseFrame(text, version);
      }),
      params,
    );
  });

  it('parseFrame agrees with the specification oracle on every generated frame', () => {
    fc.assert(
      fc.property(frames, fc.uuid(), (template, id) => {
        const frame = template(id);
        const parsed = parseFrame(frame.text, version);
        const expected = frame.expected;
        if (expected.answer === 'none') {
          // an answer or a SEND: parsed as such, or refused as a malformed answer (never answered)
          const type = isFrameViolation(parsed) ? parsed.messageType : parsed[0];
          expect(type === MessageType.CallResult || type === MessageType.CallError || (version === '2.1' && (type === MessageType.CallResultError || type === MessageType.Send))).toBe(true);
        } else if (isFrameViolation(parsed)) {
          expect(expected.answer).toBe('error');
          expect({ id: parsed.messageId, kind: parsed.kind }).toEqual({ id: expected.id, kind: expect.toBeOneOf(expected.answer === 'error' ? [...expected.kinds] : []) });
        } else {
          expect(parsed[0]).toBe(MessageType.Call);
          expect(parsed[1]).toBe(expected.id);
        }
      }),
      params,
    );
  });

  it('generates only valid payloads for every request and response schema', () => {
    const all = [...schemas.requests.values(), ...schemas.responses.values(), ...schemas.sends.values()];
    const payloads = fc.constantFrom(...all.keys()).chain((i) => validPayloadArbitrary(all[i]!).map((payload) => ({ i, payload })));
    const ajv = new OcppValidator(version, { ...schemas, requests: new Map(all.map((schema, i) => [String(i), schema])) });
    fc.assert(
      fc.property(payloads, ({ i, payload }) => {
        expect(ajv.validate('request', String(i), payload)).toBeUndefined();
      }),
      params,
    );
  });

  it('gives each single mutation of a valid request the error reason the specification names', () => {
    const actions = [...schemas.requests.keys()];
    const mutated = fc.constantFrom(...actions).chain((action) => mutatedPayloadArbitrary(schemas.requests.get(action)!).map((m) => ({ action, ...m })));
    fc.assert(
      fc.property(mutated, ({ action, payload, verdict, mutation }) => {
        // the wire form: what the gateway sees after JSON.parse (1e400 becomes Infinity)
        const text = frameText([2, 'id', action, payload]);
        const expected = expectedAnswer(text, catalogue, verdict);
        const violation = validator.validate('request', action, (JSON.parse(text) as unknown[])[3]);
        if (verdict === 'valid') expect(violation, mutation).toBeUndefined();
        else if (expected.answer === 'error') expect(violation?.kind, mutation).toBe(verdict);
      }),
      params,
    );
  });
});

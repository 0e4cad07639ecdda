import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcppValidator } from '../protocol/schemas/validator.ts';
import { OCPP_VERSIONS } from '@csms/temporal/ocpp-version';
import { actionCatalogue, answerId, checkAnswer } from '../test-kit/fuzz/answer-oracle.ts';
import { frameArbitrary } from '../test-kit/fuzz/frame-arbitrary.ts';
import { fuzzSettings } from '../test-kit/fuzz/fuzz-settings.ts';
import { startInProcessGateway, type InProcessGateway } from '../test-kit/in-process-gateway.ts';

/*
 * Property-based fuzzing of the router and every handler of every version, on the gateway's own composition and a
 * real migrated database (no socket): sequences of generated and mutated frames go to a fresh station's actor, and
 * every CALL must get exactly one answer, the one the specification requires (a CALLRESULT valid against the
 * official response schema, or the right CALLERROR with the id echoed), while answers, SENDs and junk the spec
 * leaves unanswered get nothing. A handler that throws, hangs or answers off-schema fails the property, and
 * fast-check shrinks the sequence to the smallest one that still fails. FUZZ_SEED and FUZZ_RUNS resize it.
 */
const { seed, runs } = fuzzSettings({ runs: 100 });
let gateway: InProcessGateway;
let stations = 0;

beforeAll(async () => {
  gateway = await startInProcessGateway();
});
afterAll(() => gateway?.close());

describe.each(OCPP_VERSIONS)('OCPP %s: router and handlers on a real database (property-based)', (version) => {
  const validator = new OcppValidator(version);
  const catalogue = actionCatalogue(validator);
  const sequences = fc.array(frameArbitrary(catalogue), { minLength: 1, maxLength: 12 });

  it('answers every CALL exactly once as the specification requires, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, async (templates) => {
        const station = await gateway.connect(`FUZZ-${version}-${++stations}`, version);
        try {
          const frames = templates.map((template, i) => template(`m${i}`));
          for (const frame of frames) station.receive(frame.text);
          await station.barrier();
          const problems: string[] = [];
          const answers = [...station.answers];
          for (const [i, frame] of frames.entries()) {
            if (frame.expected.answer === 'none') continue;
            const id = frame.expected.id;
            // ids are unique per frame except "-1": take the first answer with this id
            const at = answers.findIndex((text) => answerId(text) === id);
            if (at < 0) {
              problems.push(`frame ${i} (${frame.label}) got no answer: ${frame.text.slice(0, 300)}`);
              continue;
            }
            const [answer] = answers.splice(at, 1);
            const problem = checkAnswer(frame.expected, answer!, validator);
            if (problem) problems.push(`frame ${i} (${frame.label}): ${problem}\n  sent: ${frame.text.slice(0, 400)}`);
          }
          for (const extra of answers) problems.push(`answer nobody asked for: ${extra.slice(0, 300)}`);
          // the message log must be able to store every frame, however bad
          await gateway.services.flush();
          problems.push(...gateway.failures.splice(0).map((line) => `logged failure: ${line.slice(0, 1500)}`));
          expect(problems).toEqual([]);
        } finally {
          station.close();
        }
      }),
      { seed, numRuns: runs },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { summarize } from './schemathesis.ts';

const scenario = (recorder: unknown) => JSON.stringify({ ScenarioFinished: { phase: 'coverage', recorder } });

describe('summarize (the figures of a Schemathesis run)', () => {
  it('counts cases, tested operations, statuses, 5xx, failed checks and dropped failures by kind', () => {
    const ndjson = [
      JSON.stringify({ Initialize: { seed: 1 } }),
      scenario({
        label: 'GET /api/v1/things',
        cases: { a: {}, b: {}, c: {} },
        interactions: {
          a: { request: { method: 'GET' }, response: { status_code: 200 } },
          b: { request: { method: 'GET' }, response: { status_code: 500 } },
          c: { request: { method: 'TRACE' }, response: { status_code: 400 } },
        },
        checks: { a: [{ name: 'not_a_server_error', status: 'success' }], b: [{ name: 'not_a_server_error', status: 'failure' }] },
        filtered_failures: { c: 1 },
      }),
      scenario({ label: 'POST /api/v1/things', cases: {}, interactions: {} }), // skipped: not tested
      scenario({
        label: 'Stateful tests',
        cases: { d: {} },
        interactions: { d: { request: { method: 'POST' }, response: { status_code: 400 } } },
        checks: { d: [{ name: 'positive_data_acceptance', status: 'success' }] },
        filtered_failures: { d: 2 },
      }),
      scenario({ label: 'GET /api/v1/other', cases: { e: {} }, interactions: { e: { request: { method: 'GET' }, response: null } } }),
      '',
    ].join('\n');
    expect(summarize(ndjson)).toEqual({
      cases: 5,
      operations: ['GET /api/v1/other', 'GET /api/v1/things'],
      statuses: { '200': 1, '500': 1, '400': 2, none: 1 },
      serverErrors: 1,
      failures: [{ operation: 'GET /api/v1/things', check: 'not_a_server_error', method: 'GET', status: 500 }],
      filteredFailures: { fetchForbiddenMethod: 1, ruleInWords: 2 },
    });
  });

  it('reads an empty report (the run died before writing one) as nothing done', () => {
    expect(summarize('')).toMatchObject({ cases: 0, operations: [], serverErrors: 0, failures: [] });
  });
});

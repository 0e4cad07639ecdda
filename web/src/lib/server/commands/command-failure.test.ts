import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { commandFailureToApiError } from './run-command.ts';

/**
 * Found by the chaos suite (Temporal killed while a command ran): the web app answered 500 Internal. The command had
 * been started and may have reached the station, so the answer is 503 TemporalUnavailable saying the outcome is unknown.
 */
describe('a command whose answer Temporal stopped delivering', () => {
  it('is 503 TemporalUnavailable with the outcome unknown, not 500', () => {
    const lost = new ServiceError('Failed to get Workflow execution history: 14 UNAVAILABLE: No connection established', { cause: new Error('connect ECONNREFUSED') });
    const answer = commandFailureToApiError(lost);
    expect({ status: answer.status, code: answer.code }).toEqual({ status: 503, code: 'TemporalUnavailable' });
    expect(answer.message).toContain('unknown');
  });

  it('keeps 500 for anything else unexpected', () => {
    expect(commandFailureToApiError(new TypeError('a bug')).status).toBe(500);
  });
});

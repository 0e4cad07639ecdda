import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const HISTORIES = resolve(import.meta.dirname, 'histories');

/**
 * Replays histories recorded from real runs (`CSMS_RECORD_HISTORIES=1` on the relay integration test; binary protobuf, as Temporal stores them) against the
 * current workflow code: a change that would break running sessions' determinism fails here, without a server.
 */
describe('chargingSession replay', () => {
  const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.binpb'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(resolve(HISTORIES, file)));
    await Worker.runReplayHistory({ workflowsPath: require.resolve('@csms/workflows') }, history, `replay-${file}`);
  });
});

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM_PROBE_WORKFLOW, systemProbeWorkflowId, type SystemProbeResult } from '@csms/temporal';
import { createCsmsWorker, type CsmsWorker } from '@csms/workers';

describe('worker on a real Temporal dev server', () => {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const taskQueue = `probe-${randomUUID()}`;
  let csmsWorker: CsmsWorker;
  let running: Promise<void>;
  let connection: Connection;

  beforeAll(async () => {
    csmsWorker = await createCsmsWorker({
      temporal: { address, namespace },
      taskQueue,
      identity: 'probe-test-worker',
      checkDatabase: async () => true,
    });
    running = csmsWorker.run();
    connection = await Connection.connect({ address });
  });

  afterAll(async () => {
    csmsWorker?.shutdown();
    await running;
    await connection?.close();
  });

  it('runs the systemProbe workflow and its activity on the worker', async () => {
    const client = new Client({ connection, namespace });
    const result = await client.workflow.execute<(input: { echo: string }) => Promise<SystemProbeResult>>(
      SYSTEM_PROBE_WORKFLOW,
      { taskQueue, workflowId: systemProbeWorkflowId(randomUUID()), args: [{ echo: 'hello' }] },
    );
    expect(result).toMatchObject({ echo: 'hello', workerIdentity: 'probe-test-worker', database: 'ok' });
    expect(Date.parse(result.checkedAt)).not.toBeNaN();
  });
});

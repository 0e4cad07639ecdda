import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM_PROBE_WORKFLOW, systemProbeWorkflowId, temporalConnectionOptions, type SystemProbeResult } from '@csms/temporal';
import { connectClient, connectWorker } from '@csms/temporal/client';
import { temporalSettings } from '@csms/temporal/env';
import { waitForTemporal } from '@csms/temporal/tools';
import { createTestPki, type TestCa, type TestPki } from '@csms/gateway/test-kit/test-pki';
import { createCsmsWorker } from '@csms/workers';
import { startTemporalTlsProxy, type TemporalTlsProxy } from './support/temporal-tls-proxy.ts';

/**
 * The worker, the gateway and the web app reach Temporal through `connectClient`/`connectWorker` (docs/deployment.md,
 * "Temporal with TLS"). The dev server has no TLS, so a TLS-terminating h2 proxy with openssl-made certificates
 * stands in front of it, as Temporal Cloud's or a self-hosted cluster's TLS frontend would.
 */
describe('Temporal over TLS, mutual TLS and with an API key', () => {
  const target = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  let pki: TestPki;
  let serverCa: TestCa;
  let clientCa: TestCa;
  let server: { certFile: string; keyFile: string; cert: string; key: string };
  const proxies: TemporalTlsProxy[] = [];

  const proxy = async (clientCaPem?: string) => {
    const started = await startTemporalTlsProxy({ cert: server.cert, key: server.key, target, ...(clientCaPem ? { clientCa: clientCaPem } : {}) });
    proxies.push(started);
    return started;
  };
  const settings = (address: string, env: Record<string, string> = {}) =>
    temporalSettings({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, ...env });
  const describeNamespace = async (options: ReturnType<typeof temporalConnectionOptions>) => {
    const connection = await Connection.connect({ ...options, connectTimeout: 10_000 });
    try {
      const answer = await connection.workflowService.describeNamespace({ namespace });
      return answer.namespaceInfo?.name;
    } finally {
      await connection.close();
    }
  };

  beforeAll(() => {
    pki = createTestPki();
    serverCa = pki.ca('Temporal-Server-CA');
    clientCa = pki.ca('Temporal-Client-CA');
    const issued = serverCa.issue('temporal.test', { ip: '127.0.0.1' });
    server = { certFile: issued.certFile, keyFile: issued.keyFile, cert: issued.pem, key: readFileSync(issued.keyFile, 'utf8') };
  });

  afterAll(async () => {
    await Promise.all(proxies.map((started) => started.close()));
    pki?.remove();
  });

  it('runs a workflow on the CSMS worker with worker and client connected over TLS to the configured CA', async () => {
    const front = await proxy();
    const temporal = settings(front.address, { TEMPORAL_TLS_CA_FILE: serverCa.cert.certFile });
    expect(temporal.tls).toBeDefined();
    const taskQueue = `tls-probe-${randomUUID()}`;
    const worker = await createCsmsWorker({ temporal, taskQueue, identity: 'tls-worker', checkDatabase: async () => true });
    const running = worker.run();
    const connection = connectClient(temporal);
    try {
      const result = await new Client({ connection, namespace }).workflow.execute<(input: { echo: string }) => Promise<SystemProbeResult>>(
        SYSTEM_PROBE_WORKFLOW,
        { taskQueue, workflowId: systemProbeWorkflowId(randomUUID()), args: [{ echo: 'over tls' }] },
      );
      expect(result).toMatchObject({ echo: 'over tls', workerIdentity: 'tls-worker' });
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
    // the calls did go through the TLS front, not around it
    expect(front.requests.some((headers) => String(headers[':path']).endsWith('/PollWorkflowTaskQueue'))).toBe(true);
  });

  it('refuses a server certificate of a CA the client was not given', async () => {
    const front = await proxy();
    const otherCa = pki.ca('Not-The-Server-CA');
    await expect(describeNamespace(temporalConnectionOptions(settings(front.address, { TEMPORAL_TLS_CA_FILE: otherCa.cert.certFile })))).rejects.toThrow();
    await expect(connectWorker(settings(front.address, { TEMPORAL_TLS_CA_FILE: otherCa.cert.certFile }))).rejects.toThrow();
    expect(front.requests).toHaveLength(0);
  });

  it('with mutual TLS required, refuses a client without a certificate and admits one with its certificate', async () => {
    const front = await proxy(clientCa.cert.pem);
    // an extension makes openssl issue an X.509 v3 certificate; the worker's TLS (rustls) refuses v1 ones
    const client = clientCa.issue('csms-worker', { ip: '127.0.0.1' });
    const withoutCert = settings(front.address, { TEMPORAL_TLS_CA_FILE: serverCa.cert.certFile });
    await expect(describeNamespace(temporalConnectionOptions(withoutCert))).rejects.toThrow();
    await expect(connectWorker(withoutCert)).rejects.toThrow();
    expect(front.requests).toHaveLength(0);

    const withCert = settings(front.address, {
      TEMPORAL_TLS_CA_FILE: serverCa.cert.certFile,
      TEMPORAL_TLS_CERT_FILE: client.certFile,
      TEMPORAL_TLS_KEY_FILE: client.keyFile,
    });
    expect(await describeNamespace(temporalConnectionOptions(withCert))).toBe(namespace);
    // the start command's readiness wait for an external Temporal
    await waitForTemporal(front.address, namespace, 30_000, temporalConnectionOptions(withCert));
    const native = await connectWorker(withCert);
    await native.close();
    expect(front.requests.length).toBeGreaterThan(0);
  });

  it('sends the API key as authorization: Bearer metadata on every call, from the client and the worker connection', async () => {
    const front = await proxy();
    const apiKey = `key-${randomUUID()}`;
    const temporal = settings(front.address, { TEMPORAL_TLS_CA_FILE: serverCa.cert.certFile, TEMPORAL_API_KEY: apiKey });
    expect(await describeNamespace(temporalConnectionOptions(temporal))).toBe(namespace);
    const native = await connectWorker(temporal);
    await native.close();
    const paths = front.requests.map((headers) => String(headers[':path']));
    expect(paths).toContain('/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace');
    expect(paths.filter((path) => path.endsWith('/GetSystemInfo')).length).toBeGreaterThanOrEqual(2);
    for (const headers of front.requests) expect(headers.authorization).toBe(`Bearer ${apiKey}`);
  });
});

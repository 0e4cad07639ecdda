import { describe, expect, it } from 'vitest';
import { devServerArgs } from './tools/dev-server.ts';
import { chargePointCommandWorkflowId, chargingSessionWorkflowId, gatewayTaskQueue } from './index.ts';

describe('workflow ids', () => {
  it('keeps a station id with a slash from colliding with another session', () => {
    expect(chargingSessionWorkflowId('a/b', 1)).toBe('session/a%2Fb/1');
    expect(chargingSessionWorkflowId('a', 'b/1')).toBe('session/a/b%2F1');
    expect(chargePointCommandWorkflowId('station42', 'c1')).toBe('command/station42/c1');
  });
});

describe('gateway task queues', () => {
  it('names one queue per node and refuses ids that would break the name', () => {
    expect(gatewayTaskQueue('node-1')).toBe('gateway.node-1');
    expect(() => gatewayTaskQueue('bad id')).toThrow(RangeError);
    expect(() => gatewayTaskQueue('')).toThrow(RangeError);
  });
});

describe('dev server arguments', () => {
  it('binds loopback, persists to the SQLite file and registers the namespace and search attributes', () => {
    const args = devServerArgs({ binary: 'temporal', port: 7233, uiPort: 8233, dbFile: '/d/t.sqlite', namespace: 'csms' });
    expect(args.slice(0, 6)).toEqual(['server', 'start-dev', '--ip', '127.0.0.1', '--port', '7233']);
    expect(args).toEqual(expect.arrayContaining(['--ui-port', '8233', '--db-filename', '/d/t.sqlite', '--namespace', 'csms']));
    expect(args).toContain('ChargePointId=Keyword');
    expect(devServerArgs({ binary: 'temporal', port: 1, uiPort: null, namespace: 'n' })).toContain('--headless');
  });
});

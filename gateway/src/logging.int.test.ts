import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayLogger, maskTagId } from './logging.ts';
import { strictClient } from './test-kit/ocpp-clients.ts';
import { startTestGateway, type TestGateway } from './test-kit/test-gateway.ts';

const TAG = 'RFID-04A2B3C4D5E69F';
const TOKEN = 'EMAID-DE8AA001234567';

/** Issue 15: logs carry no tag ids at info level unless `LOG_TAG_IDS=true`. */
describe('tag ids in the gateway log', () => {
  let running: TestGateway | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function authorizeAndCapture(logTagIds: boolean): Promise<string> {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    running = await startTestGateway({ logger: createGatewayLogger({ level: 'info', logTagIds }, sink) });
    await running.db.chargeTags.create(TAG, { name: 'driver' });
    await running.addStation('LOG16');
    await running.addStation('LOG201');
    const v16 = strictClient(running.endpoint, 'LOG16', 'ocpp1.6');
    await v16.connect();
    await v16.call('BootNotification', { chargePointVendor: 'ACME', chargePointModel: 'Wall-16' });
    expect(await v16.call('Authorize', { idTag: TAG })).toMatchObject({ idTagInfo: { status: 'Accepted' } });
    const v2 = strictClient(running.endpoint, 'LOG201', 'ocpp2.0.1');
    await v2.connect();
    await v2.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'ACME', model: 'Wall-2' } });
    expect(await v2.call('Authorize', { idToken: { idToken: TOKEN, type: 'eMAID' } })).toEqual({ idTokenInfo: { status: 'Unknown' } });
    await v16.close();
    await v2.close();
    return lines.join('');
  }

  it('masks the tag of an Authorize (1.6 idTag, 2.x idToken) in the info line', async () => {
    const log = await authorizeAndCapture(false);
    const authorized = log.split('\n').filter((line) => line.includes('"msg":"authorize"'));
    expect(authorized).toHaveLength(2);
    expect(authorized.map((line) => JSON.parse(line) as { level: number; idTag?: string; idToken?: string })).toEqual([
      expect.objectContaining({ level: 30, idTag: 'RF…9F' }),
      expect.objectContaining({ level: 30, idToken: 'EM…67' }),
    ]);
    expect(log).not.toContain(TAG);
    expect(log).not.toContain(TOKEN);
  });

  it('logs them in full with LOG_TAG_IDS=true', async () => {
    const log = await authorizeAndCapture(true);
    expect(log).toContain(`"idTag":"${TAG}"`);
    expect(log).toContain(`"idToken":"${TOKEN}"`);
  });

  it('shows two characters at each end, and nothing of a short id', () => {
    expect(maskTagId('04A2B3C4D5E69F')).toBe('04…9F');
    expect(maskTagId('1234567')).toBe('…');
    expect(maskTagId(undefined)).toBeUndefined();
  });
});

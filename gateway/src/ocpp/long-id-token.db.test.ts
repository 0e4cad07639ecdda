import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../test-kit/in-process-gateway.ts';

/*
 * Regression found by the OCPP frame fuzzer on PostgreSQL: 2.1 allows idTokens of 255 characters, the transaction's
 * start and stop tag columns held 36, so such a TransactionEvent was answered InternalError for ever (SQLite does not
 * enforce the width; CI reruns this file on PostgreSQL).
 */
let gateway: InProcessGateway;
beforeAll(async () => {
  gateway = await startInProcessGateway();
});
afterAll(() => gateway?.close());

describe('a 2.1 idToken of 255 characters', () => {
  it('starts and stops a transaction with the whole token stored', async () => {
    const station = await gateway.connect('LONG-TOKEN', '2.1');
    const idToken = { idToken: 'E'.repeat(255), type: 'eMAID' };
    const event = (eventType: string, seqNo: number) =>
      JSON.stringify([2, `t${seqNo}`, 'TransactionEvent', { eventType, seqNo, timestamp: new Date().toISOString(), triggerReason: 'Authorized', transactionInfo: { transactionId: 'long-token-tx' }, idToken, evse: { id: 1, connectorId: 1 } }]);
    station.receive(event('Started', 0));
    station.receive(event('Ended', 1));
    await station.barrier();
    expect(station.answers.map((text) => (JSON.parse(text) as unknown[])[0])).toEqual([3, 3]);
    expect(gateway.failures).toEqual([]);
    const row = await gateway.db.transactions.findByStartKey('LONG-TOKEN', 'long-token-tx');
    expect(row).toMatchObject({ startTag: idToken.idToken, stopTag: idToken.idToken });
  });
});

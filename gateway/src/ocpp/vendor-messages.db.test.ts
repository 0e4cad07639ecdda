import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStation, strictClient, type OcppTestClient } from '../test-kit/ocpp-clients.ts';
import { startTestGateway, type TestGateway } from '../test-kit/test-gateway.ts';
import { VendorMessages, type VendorMessageHandler } from './vendor-messages.ts';

/*
 * The vendor message table behind DataTransfer: handlers registered with the gateway answer their vendor's messages
 * (1.6 carries the answer's data as a string, 2.x as JSON); a vendor with handlers but none for a message id gets
 * UnknownMessageId; a throwing handler Rejected; a vendor id from OCPP_DATA_TRANSFER_VENDOR_IDS Accepted; any other
 * UnknownVendorId.
 */
const seen: { chargePointId: string; data: unknown }[] = [];
const handlers: VendorMessageHandler[] = [
  {
    vendorId: 'com.acme',
    messageId: 'TariffQuery',
    handle: ({ chargePointId, data }) => {
      seen.push({ chargePointId, data });
      return { status: 'Accepted', data: { centsPerKwh: 42 } };
    },
  },
  { vendorId: 'com.acme', messageId: 'Broken', handle: () => Promise.reject(new Error('the vendor backend is down')) },
  { vendorId: 'com.beta', handle: () => ({ status: 'Rejected', data: 'not now' }) },
];

let t: TestGateway;
const clients: OcppTestClient[] = [];
beforeAll(async () => {
  t = await startTestGateway({ vendorMessages: handlers, ocpp: { knownVendorIds: new Set(['com.known']) } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

describe.each([['ocpp1.6' as const], ['ocpp2.0.1' as const]])('DataTransfer from a station over %s', (protocol) => {
  let client: OcppTestClient;
  beforeAll(async () => {
    const id = `VENDOR-${protocol.replace(/\W/g, '')}`;
    await t.addStation(id);
    client = strictClient(t.endpoint, id, protocol);
    clients.push(client);
    await connectStation(client);
  });
  const transfer = (vendorId: string, messageId?: string, data?: string) =>
    client.call('DataTransfer', { vendorId, ...(messageId ? { messageId } : {}), ...(data === undefined ? {} : { data }) });

  it('is answered by the handler of its vendor and message id, with the handler data', async () => {
    const answer = await transfer('com.acme', 'TariffQuery', 'connector=1');
    expect(answer).toEqual({ status: 'Accepted', data: protocol === 'ocpp1.6' ? '{"centsPerKwh":42}' : { centsPerKwh: 42 } });
    expect(seen.at(-1)).toEqual({ chargePointId: `VENDOR-${protocol.replace(/\W/g, '')}`, data: 'connector=1' });
  });

  it('gets UnknownMessageId from a vendor with handlers but none for the message, Rejected from a failing handler', async () => {
    expect(await transfer('com.acme', 'Unheard')).toEqual({ status: 'UnknownMessageId' });
    expect(await transfer('com.acme')).toEqual({ status: 'UnknownMessageId' });
    expect(await transfer('com.acme', 'Broken')).toEqual({ status: 'Rejected' });
  });

  it('is answered by a vendor-wide handler, and by the known vendor ids and UnknownVendorId without one', async () => {
    expect(await transfer('com.beta', 'Anything')).toEqual({ status: 'Rejected', data: 'not now' });
    expect(await transfer('com.known', 'Anything')).toEqual({ status: 'Accepted' });
    expect(await transfer('com.nobody')).toEqual({ status: 'UnknownVendorId' });
  });
});

it('refuses two handlers for the same vendor message', () => {
  const twice = () => new VendorMessages([handlers[0]!, { ...handlers[0]!, handle: () => ({ status: 'Rejected' }) }], new Set());
  expect(twice).toThrow('two vendor message handlers for com.acme TariffQuery');
});

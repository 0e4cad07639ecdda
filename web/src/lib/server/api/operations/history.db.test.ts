import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type TestWebApp } from '../../../../testing/web-app.ts';

describe('history over the API: transactions, CSV, charge report, message log, diagnostics', () => {
  let app: TestWebApp;
  const day = (d: number, h = 10) => new Date(Date.UTC(2026, 2, d, h));
  const read = (path: string, headers: Record<string, string> = {}) => app.call(path, { token: app.userToken, headers });

  beforeAll(async () => {
    app = await startWebApp();
    const { db } = app;
    await db.chargePoints.create('CP-H', { name: 'Hof' });
    await db.chargePoints.create('CP-O', { name: 'Offline' });
    await db.chargeTags.create('TEAM', { name: 'Team' });
    await db.chargeTags.create('T-A', { name: '=Anna;"A"', parentTagId: 'TEAM' });
    await db.chargeTags.create('T-B', { name: 'Bernd' });
    await db.chargePoints.markConnected('CP-H', { nodeId: 'n1', protocol: 'ocpp1.6', at: new Date() });
    await db.connectors.recordStatus({ chargePointId: 'CP-H', evseId: 1 }, { ocppStatus: 'Available', at: new Date() });
    await db.connectors.recordStatus({ chargePointId: 'CP-H', evseId: 2 }, { ocppStatus: 'Faulted', at: new Date() });
    await db.connectors.rename({ chargePointId: 'CP-H', evseId: 1 }, 'Links');
    for (let i = 1; i <= 5; i += 1) {
      const { transaction } = await db.transactions.start({
        chargePointId: 'CP-H', evseId: 1, startKey: `k${i}`, startTag: i % 2 ? 'T-A' : 'T-B', startedAt: day(i), meterStartWh: 1000 * i,
      });
      await db.transactions.stop(transaction.id, { stoppedAt: day(i, 11), meterStopWh: 1000 * i + 1500 * i, stopReason: 'Local' });
    }
    await db.transactions.start({ chargePointId: 'CP-H', evseId: 1, startKey: 'open', startTag: 'T-B', startedAt: day(20), meterStartWh: 0 });
    await db.transactions.start({ chargePointId: 'CP-O', evseId: 1, startKey: 'zombie', startTag: 'T-B', startedAt: day(21), meterStartWh: 0 });
    await db.messageLog.insertMany([
      { loggedAt: day(1), chargePointId: 'CP-H', direction: 'in', messageType: 'CALL', action: 'Heartbeat', uniqueId: 'm1', payload: '{}' },
      { loggedAt: day(2), chargePointId: 'CP-H', direction: 'out', messageType: 'CALL', action: 'Reset', uniqueId: 'm2', payload: '{"type":"Soft"}' },
      { loggedAt: day(3), chargePointId: 'CP-O', direction: 'in', messageType: 'CALL', action: 'Heartbeat', uniqueId: 'm3', payload: '{}' },
    ]);
  });
  afterAll(() => app?.stop());

  it('pages and filters transactions with names', async () => {
    const page = (await (await read('/api/v1/transactions?chargePointId=CP-H&limit=2&offset=1')).json()) as { items: { id: number; startedAt: string }[]; total: number };
    expect(page.total).toBe(6);
    expect(page.items.map((t) => t.startedAt)).toEqual([day(5).toISOString(), day(4).toISOString()]);
    const open = (await (await read('/api/v1/transactions?open=true')).json()) as { total: number };
    expect(open.total).toBe(2);
    const byTag = (await (await read('/api/v1/transactions?tag=T-A&open=false&from=2026-03-02&to=2026-03-06')).json()) as { items: Record<string, unknown>[] };
    expect(byTag.items).toHaveLength(2);
    expect(byTag.items[0]).toMatchObject({ startTag: 'T-A', startTagName: '=Anna;"A"', connectorName: 'Links', energyWh: 7500, status: 'Completed' });
    const one = (await (await read(`/api/v1/transactions/${byTag.items[0]!.id}`)).json()) as { id: number };
    expect(one.id).toBe(byTag.items[0]!.id);
    expect((await read('/api/v1/transactions?from=yesterday')).status).toBe(400);
  });

  it('exports Excel-friendly CSV in English and German', async () => {
    const en = await read('/api/v1/transactions?format=csv&tag=T-A&to=2026-03-02');
    expect(en.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(en.headers.get('content-disposition')).toMatch(/attachment; filename="transactions\.csv"/);
    const bytes = new Uint8Array(await en.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('Transaction,Charge point,Connector,Connector name,Start tag,Start tag name,Start,Meter start (kWh),Stop tag,Stop tag name,Stop,Meter stop (kWh),Energy (kWh),Status,Stop reason');
    expect(lines[1]).toMatch(/^\d+,CP-H,1,Links,T-A,"'=Anna;""A""",2026-03-01 10:00:00,1\.000,,,2026-03-01 11:00:00,2\.500,1\.500,Completed,Local$/);
    expect(lines).toHaveLength(3);

    const de = await (await read('/api/v1/transactions?tag=T-A&to=2026-03-02&locale=de&timeZone=Europe/Berlin', { accept: 'text/csv' })).text();
    const deLines = de.replace(/^\uFEFF/, '').split('\r\n');
    expect(deLines[0]).toMatch(/^Transaktion;Ladestation;/);
    expect(deLines[1]).toMatch(/;T-A;"'=Anna;""A""";2026-03-01 11:00:00;1,000;;;2026-03-01 12:00:00;2,500;1,500;Completed;Local$/);
    expect((await read('/api/v1/transactions?format=csv&timeZone=Mars/Olympus')).status).toBe(400);
  });

  it('reports energy per tag grouped by tag group, as JSON and CSV', async () => {
    const report = (await (await read('/api/v1/reports/charge?from=2026-03-01&to=2026-04-01')).json()) as Record<string, unknown>;
    expect(report).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      groups: [
        { group: null, groupName: null, energyWh: 9000, tags: [{ tagId: 'T-B', name: 'Bernd', transactions: 4, energyWh: 9000 }] },
        { group: 'TEAM', groupName: 'Team', energyWh: 13500, tags: [{ tagId: 'T-A', name: '=Anna;"A"', transactions: 3, energyWh: 13500 }] },
      ],
      totalEnergyWh: 22500,
    });
    const csv = await (await read('/api/v1/reports/charge?from=2026-03-01&to=2026-04-01&format=csv&locale=de')).text();
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'Gruppe;Gruppenname;Tag;Tag-Name;Ladevorgänge;Energie (kWh)',
      ';;T-B;Bernd;4;9,000',
      `TEAM;Team;T-A;"'=Anna;""A""";3;13,500`,
      '',
    ]);
    expect((await read('/api/v1/reports/charge?from=2026-04-01&to=2026-03-01')).status).toBe(400);
  });

  it('lists the message log with filters and backwards paging (admin only)', async () => {
    const call = (query: string) => app.call(`/api/v1/message-log${query}`, { token: app.adminToken }).then((r) => r.json()) as Promise<{ items: { uniqueId: string }[]; nextBeforeId: number | null }>;
    const first = await call('?limit=2');
    expect(first.items.map((e) => e.uniqueId)).toEqual(['m3', 'm2']);
    const next = await call(`?limit=2&beforeId=${first.nextBeforeId}`);
    expect(next.items.map((e) => e.uniqueId)).toEqual(['m1']);
    expect(next.nextBeforeId).toBeNull();
    expect((await call('?chargePointId=CP-H&action=Heartbeat')).items.map((e) => e.uniqueId)).toEqual(['m1']);
    expect((await call('?direction=out')).items.map((e) => e.uniqueId)).toEqual(['m2']);
    expect((await call('?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z')).items.map((e) => e.uniqueId)).toEqual(['m2']);
  });

  it('flags OCPP.Core’s anomalies in the diagnostics, anomalies first', async () => {
    const diag = (await (await app.call('/api/v1/diagnostics', { token: app.adminToken })).json()) as {
      summary: Record<string, number>;
      rows: { chargePointId: string; connectorId: number | null; issues: string[] }[];
    };
    expect(diag.summary).toMatchObject({ chargePoints: 2, onlineChargePoints: 1, connectors: 2, openTransactions: 2 });
    const issues = Object.fromEntries(diag.rows.map((r) => [`${r.chargePointId}/${r.connectorId}`, r.issues]));
    expect(issues).toEqual({
      'CP-H/1': ['AvailableWithOpenTransaction'],
      'CP-H/2': ['Faulted'],
      'CP-O/1': ['OfflineWithOpenTransaction', 'OpenTransactionWithoutConnector'],
    });
    expect(diag.rows.every((r) => r.issues.length > 0)).toBe(true);
  });
});

/**
 * Micro-benchmark of the gateway's per-message protocol work, without sockets: parse + validate + handle +
 * serialise through the station actor, and schema validation alone next to ocpp-rpc's validator (Ajv 8.14, the
 * peer named in perf.md §6) on the same payloads. Prints ns per message; compare within one run only.
 *
 *   npx tsx bench/protocol-hot-path.mjs   (tsx, because it imports the gateway's TypeScript sources)
 */
import { createRequire } from 'node:module';
import { OcppValidator } from '@csms/gateway/protocol';
import { createStubHandlers16, OcppRouter, StationActor } from '../gateway/src/actor/index.ts';

const ROUNDS = 200_000;

const meterValues = {
  connectorId: 1,
  transactionId: 42,
  meterValue: [
    {
      timestamp: '2026-01-01T00:00:00Z',
      sampledValue: [
        { value: '12345', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
        { value: '7200', measurand: 'Power.Active.Import', unit: 'W' },
        { value: '55', measurand: 'SoC', unit: 'Percent' },
      ],
    },
  ],
};
const samples = {
  Heartbeat: {},
  StatusNotification: { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: '2026-01-01T00:00:00Z' },
  MeterValues: meterValues,
};

function measure(label, fn) {
  for (let i = 0; i < 20_000; i++) fn(i); // warm up, let V8 optimise
  const start = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start) / ROUNDS;
  console.log(`${label.padEnd(48)} ${ns.toFixed(0).padStart(6)} ns/msg`);
}

const startup = performance.now();
const validator = new OcppValidator('1.6');
validator.compileAll();
console.log(`compile all 1.6 schemas: ${(performance.now() - startup).toFixed(0)} ms`);

const require = createRequire(import.meta.url);
const { createValidator } = require('ocpp-rpc/lib/validator.js');
const peer = createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json'));

for (const [action, payload] of Object.entries(samples)) {
  measure(`validate ${action} (gateway, Ajv 8.20)`, () => validator.validate('request', action, payload));
  measure(`validate ${action} (ocpp-rpc validator)`, () => peer.validate(`urn:${action}.req`, payload));
}

let sink = 0;
const actor = new StationActor({
  context: {
    stationId: 'bench',
    version: '1.6',
    clock: { now: () => new Date() },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  },
  router: new OcppRouter({ version: '1.6', handlers: createStubHandlers16(), validator }),
  send: (text) => void (sink += text.length),
  retransmitCacheSize: 4,
});
for (const [action, payload] of Object.entries(samples)) {
  const body = JSON.stringify(payload);
  measure(`actor round trip ${action} (parse→answer text)`, (i) => actor.receive(`[2,"${i}","${action}",${body}]`));
}
console.log(`(bytes answered: ${sink})`);

/**
 * Charge point simulators: the `ChargePoint` library (1.6J, 2.0.1, 2.1), scenario runner, load generator, and a
 * test CSMS server for tests that need a central system without the real gateway.
 */
export { ChargePoint, type ChargePointEvents } from './charge-point/charge-point.ts';
export type { ChargePointOptions, DataTransferAnswer, DataTransferFromServer } from './charge-point/options.ts';
export type { BootResult, ReadingContext } from './charge-point/dialect.ts';
export { BAD_FRAME_KINDS, type BadFrameKind } from './charge-point/bad-frames.ts';
export type { BackoffOptions } from './charge-point/backoff.ts';
export { Meter, type MeterOptions, type MeterSample } from './charge-point/meter.ts';
export { CONNECTOR_STATUSES, type Connector, type ConnectorStatus, type Transaction } from './charge-point/state.ts';
export { Settings, type Setting } from './charge-point/settings.ts';
export { dynamicQrUrl } from './charge-point/web-payment-code.ts';
export { type CallOptions, type FrameEvent, StationLink } from './charge-point/station-link.ts';
export * from './errors.ts';
export { parseScenario, loadScenario, STEP_NAMES, type Scenario, type ScenarioStep, type StepName } from './scenario/scenario.ts';
export { runScenario, type RunScenarioOptions } from './scenario/run-scenario.ts';
export { runLoad, type LoadOptions, type LoadResult } from './load/load-generator.ts';
export { LOAD_ACTIONS, type LoadAction } from './load/load-messages.ts';
export { LatencyHistogram, type LatencySummary } from './load/histogram.ts';
export { servePage, type PageServer } from './page/serve-page.ts';

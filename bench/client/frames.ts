/** The messages a bench run can send in its measured loop (OCPP 1.6J). */
export const BENCH_MESSAGES = ['Heartbeat', 'StatusNotification', 'Authorize', 'MeterValues'] as const;

/** One of {@link BENCH_MESSAGES}. */
export type BenchMessage = (typeof BENCH_MESSAGES)[number];

/** The tag every bench station presents; the gateway servers provision it, the peers know it. */
export const BENCH_TAG = 'BENCHTAG';

/** What a frame is built from: the station's own counters (no allocation beyond the string). */
export interface FrameState {
  transactionId: number;
  meterWh: number;
}

let now = new Date().toISOString();
// one ISO string per 10 ms instead of one Date per frame: the client must not be the limit
setInterval(() => {
  now = new Date().toISOString();
}, 10).unref();

/** The current time as the frames carry it. */
export function timestamp(): string {
  return now;
}

/** A CALL frame; the payload is spliced as text, so sending costs a few concatenations. */
export function call(id: number, action: string, payload: string): string {
  return `[2,"${id}","${action}",${payload}]`;
}

/** BootNotification of a bench station. */
export function bootFrame(id: number): string {
  return call(id, 'BootNotification', '{"chargePointVendor":"CSMS","chargePointModel":"BenchStation"}');
}

/** StatusNotification of one connector. */
export function statusFrame(id: number, connectorId: number, status = 'Available'): string {
  return call(id, 'StatusNotification', `{"connectorId":${connectorId},"errorCode":"NoError","status":"${status}","timestamp":"${now}"}`);
}

/** StartTransaction on connector 1 with the bench tag. */
export function startFrame(id: number, state: FrameState): string {
  return call(id, 'StartTransaction', `{"connectorId":1,"idTag":"${BENCH_TAG}","meterStart":${state.meterWh},"timestamp":"${now}"}`);
}

/** StopTransaction of the station's transaction. */
export function stopFrame(id: number, state: FrameState): string {
  return call(id, 'StopTransaction', `{"transactionId":${state.transactionId},"idTag":"${BENCH_TAG}","meterStop":${state.meterWh},"timestamp":"${now}","reason":"Local"}`);
}

/** MeterValues inside the station's transaction: three samples (energy register, power, SoC), 7.2 kW. */
export function meterFrame(id: number, state: FrameState): string {
  state.meterWh += 2;
  const soc = 20 + (state.meterWh % 60);
  return call(
    id,
    'MeterValues',
    `{"connectorId":1,"transactionId":${state.transactionId},"meterValue":[{"timestamp":"${now}","sampledValue":[` +
      `{"value":"${state.meterWh}","measurand":"Energy.Active.Import.Register","unit":"Wh"},` +
      `{"value":"7200","measurand":"Power.Active.Import","unit":"W"},` +
      `{"value":"${soc}","measurand":"SoC","unit":"Percent","location":"EV"}]}]}`,
  );
}

/** The frame of one measured message. */
export function messageFrame(message: BenchMessage, id: number, state: FrameState): string {
  switch (message) {
    case 'Heartbeat':
      return call(id, 'Heartbeat', '{}');
    case 'StatusNotification':
      return statusFrame(id, 1);
    case 'Authorize':
      return call(id, 'Authorize', `{"idTag":"${BENCH_TAG}"}`);
    case 'MeterValues':
      return meterFrame(id, state);
  }
}

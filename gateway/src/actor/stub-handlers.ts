import type { Ocpp16HandlerTable, Ocpp201HandlerTable, Ocpp21HandlerTable, StationContext } from './handler.ts';

/*
 * Stub handler tables that accept everything with the smallest valid answer. They stand in for the DB-backed
 * handlers in tests, the benchmark and until those exist; `satisfies` proves each table is complete.
 */

const HEARTBEAT_INTERVAL_S = 300;
const now = (context: StationContext) => context.clock.now().toISOString();
const empty = () => ({});

/** 1.6 stubs: boot Accepted, every tag Accepted, transaction ids counting up from 1 per table. */
export function createStubHandlers16(): Ocpp16HandlerTable {
  let transactionId = 0;
  return {
    Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
    BootNotification: (_payload, context) => ({ status: 'Accepted', currentTime: now(context), interval: HEARTBEAT_INTERVAL_S }),
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
    DiagnosticsStatusNotification: empty,
    FirmwareStatusNotification: empty,
    Heartbeat: (_payload, context) => ({ currentTime: now(context) }),
    LogStatusNotification: empty,
    MeterValues: empty,
    SecurityEventNotification: empty,
    SignCertificate: () => ({ status: 'Rejected' as const }),
    SignedFirmwareStatusNotification: empty,
    StartTransaction: () => ({ transactionId: ++transactionId, idTagInfo: { status: 'Accepted' } }),
    StatusNotification: empty,
    StopTransaction: empty,
  } satisfies Ocpp16HandlerTable;
}

const stubs2 = {
  Authorize: () => ({ idTokenInfo: { status: 'Accepted' as const } }),
  BootNotification: (_payload: unknown, context: StationContext) => ({
    status: 'Accepted' as const,
    currentTime: now(context),
    interval: HEARTBEAT_INTERVAL_S,
  }),
  ClearedChargingLimit: empty,
  DataTransfer: () => ({ status: 'UnknownVendorId' as const }),
  FirmwareStatusNotification: empty,
  Heartbeat: (_payload: unknown, context: StationContext) => ({ currentTime: now(context) }),
  LogStatusNotification: empty,
  MeterValues: empty,
  NotifyChargingLimit: empty,
  NotifyEVChargingSchedule: () => ({ status: 'Accepted' as const }),
  NotifyEvent: empty,
  NotifyReport: empty,
  SecurityEventNotification: empty,
  SignCertificate: () => ({ status: 'Rejected' as const }),
  StatusNotification: empty,
  TransactionEvent: empty,
};

/** 2.0.1 stubs: boot Accepted, every token Accepted. */
export function createStubHandlers201(): Ocpp201HandlerTable {
  return { ...stubs2 } satisfies Ocpp201HandlerTable;
}

/** 2.1 stubs: boot Accepted, every token Accepted. */
export function createStubHandlers21(): Ocpp21HandlerTable {
  return { ...stubs2 } satisfies Ocpp21HandlerTable;
}

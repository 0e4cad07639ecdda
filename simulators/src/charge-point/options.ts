import type { JsonObject, OcppSubprotocol } from '@csms/gateway/protocol';
import type { ClientOptions } from 'ws';
import type { BackoffOptions } from './backoff.ts';
import type { MeterOptions } from './meter.ts';

/** How to build a {@link ChargePoint}. Only `url` and `id` are required. */
export interface ChargePointOptions {
  /** The endpoint without the id, e.g. `ws://localhost:8081/OCPP` (or `wss://…`). */
  readonly url: string;
  /** The station id (last path segment, and the Basic auth user name). */
  readonly id: string;
  /** Sub-protocol to offer. Default `ocpp1.6`. */
  readonly protocol?: OcppSubprotocol;
  /** Connectors (1.6) or EVSEs with one connector each (2.x). Default 1. */
  readonly connectors?: number;
  /** Basic auth password (user name = id). */
  readonly password?: string;
  /** Extra `ws` options, e.g. `{ ca }` or `{ rejectUnauthorized: false }` for `wss`. */
  readonly ws?: ClientOptions;
  readonly vendor?: string;
  readonly model?: string;
  readonly serialNumber?: string;
  readonly firmwareVersion?: string;
  /** Default 30,000 ms (2.0.1 OCPPCommCtrlr.MessageTimeout's advice). */
  readonly callTimeoutMs?: number;
  /** Reconnect with back-off after an unexpected close (default), or `false`. */
  readonly reconnect?: false | BackoffOptions;
  /** Validate everything sent and received against the OCA schemas. Default true. */
  readonly validate?: boolean;
  /** Send heartbeats at the interval the server returns in BootNotification. Default true. */
  readonly heartbeat?: boolean;
  /** Meter values during transactions every N seconds; 0 = only when asked. Default 0. */
  readonly meterValueIntervalS?: number;
  readonly meter?: MeterOptions;
  /** Initial energy register of every connector, in Wh. Default 0. */
  readonly initialEnergyWh?: number;
  /** The EV's state of charge at plug-in, in percent; omit to report no SoC. */
  readonly soc?: number;
  /** Power drawn while charging, in W. Default 11,000. */
  readonly chargePowerW?: number;
  /** Send BootNotification again after every reconnect, not only after a reboot. Default false. */
  readonly bootOnReconnect?: boolean;
  /** Authorize the tag of a remote start before starting (1.6 AuthorizeRemoteTxRequests). Default false. */
  readonly authorizeRemoteStart?: boolean;
  /** Overrides of configuration keys (1.6) or `Component.Variable` values (2.x). */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * The answer to a DataTransfer from the central system (`data` is a string in 1.6, any JSON in 2.x). Default:
   * `UnknownVendorId` for every vendor, as a station without vendor extensions answers.
   */
  readonly dataTransfer?: (request: DataTransferFromServer) => DataTransferAnswer;
  /**
   * Scripted answers, as a conformance test tool gives them: for an action listed here, the returned payload is the
   * answer and the simulated station does nothing else; `undefined` falls through to the simulated behaviour.
   */
  readonly respond?: Readonly<Record<string, (payload: JsonObject) => JsonObject | undefined>>;
}

/** A DataTransfer the central system sent to the station. */
export interface DataTransferFromServer {
  readonly vendorId: string;
  readonly messageId?: string;
  readonly data?: unknown;
}

/** The station's answer to a {@link DataTransferFromServer}. */
export interface DataTransferAnswer {
  readonly status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId';
  /** 1.6: a string; 2.x: any JSON. */
  readonly data?: unknown;
}

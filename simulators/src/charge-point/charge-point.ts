import { EventEmitter } from 'node:events';
import { type Frame, type JsonObject, type OcppVersion, versionOfSubprotocol } from '@csms/gateway/protocol';
import {
  CallErrorResponse,
  CallRefusal,
  CallTimeoutError,
  ConnectionLostError,
  InvalidStateError,
  NotConnectedError,
  SimulatorError,
} from '../errors.ts';
import { type BadFrameKind, badFrame } from './bad-frames.ts';
import type { BootResult, Dialect, ReadingContext } from './dialect.ts';
import { Meter } from './meter.ts';
import type { ChargePointOptions } from './options.ts';
import { defaultSettings, type Settings, settingName } from './settings.ts';
import { dynamicQrUrl } from './web-payment-code.ts';
import type { Connector, ConnectorStatus, Transaction } from './state.ts';
import { type CallOptions, type FrameEvent, StationLink } from './station-link.ts';
import { createDialect16 } from './v16/dialect16.ts';
import { claimReservation16 } from './v16/reservations16.ts';
import { createDialect2 } from './v2/dialect2.ts';

/** Events of a {@link ChargePoint}: one per frame, and one per thing that happened to the station. */
export interface ChargePointEvents {
  frame: [FrameEvent];
  connected: [];
  disconnected: [code: number, reason: string];
  reconnecting: [attempt: number, delayMs: number];
  /** The server sent a CALL (emitted after it was answered). */
  serverCall: [action: string, request: JsonObject];
  transactionStarted: [Transaction];
  transactionStopped: [Transaction];
  statusChanged: [connectorId: number, status: ConnectorStatus];
  /** The station reboots (Reset from the server, or `reboot()`). */
  reset: [type: string];
  /** A step the station ran by itself (a remote start, a periodic meter value, a heartbeat) failed. */
  failure: [Error];
}

/**
 * A simulated charge point speaking OCPP 1.6J, 2.0.1 or 2.1 with any number of connectors (EVSEs). Every step is
 * a promise that settles when the server has answered; every frame is an event. Server CALLs are answered by
 * the version's dialect and really change the station (a remote start starts a transaction).
 */
export class ChargePoint extends EventEmitter<ChargePointEvents> {
  readonly id: string;
  readonly version: OcppVersion;
  readonly options: ChargePointOptions;
  readonly link: StationLink;
  readonly settings: Settings;
  /** OCPP 2.1 C25: every NotifyWebPaymentStarted the CSMS sent (a driver opened a dynamic QR code). */
  readonly webPaymentsStarted: { evseId: number; timeoutSeconds: number; at: Date }[] = [];
  /** Connector (EVSE) `n` is at index `n - 1`. */
  readonly connectors: readonly Connector[];
  /** The last BootNotification answer. */
  bootResult: BootResult | undefined;
  readonly #dialect: Dialect;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  readonly #meterTimers = new Map<number, NodeJS.Timeout>();
  #rebooting = false;
  #closed = false;

  constructor(options: ChargePointOptions) {
    super();
    const protocol = options.protocol ?? 'ocpp1.6';
    const version = versionOfSubprotocol(protocol);
    if (version === undefined) throw new SimulatorError('Usage', `unknown sub-protocol ${protocol}`);
    const count = options.connectors ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new SimulatorError('Usage', 'connectors must be a positive integer');
    this.id = options.id;
    this.version = version;
    this.options = options;
    this.settings = defaultSettings(version, {
      connectors: count,
      vendor: options.vendor ?? 'CSMS',
      model: options.model ?? 'Simulator',
      sampleIntervalS: options.meterValueIntervalS ?? 0,
      authorizeRemoteStart: options.authorizeRemoteStart ?? false,
    });
    for (const [key, value] of Object.entries(options.settings ?? {})) this.settings.put(key, value);
    this.connectors = Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      status: 'Available',
      errorCode: 'NoError',
      availability: 'Operative',
      scheduledAvailability: undefined,
      meter: new Meter(options.initialEnergyWh ?? 0, options.meter),
      transaction: undefined,
      chargingProfiles: new Map(),
      chargePowerW: options.chargePowerW ?? 11_000,
    }));
    this.link = new StationLink({
      url: options.url,
      id: options.id,
      subprotocol: protocol,
      version,
      password: options.password,
      ws: options.ws,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      reconnect: options.reconnect ?? {},
      validate: options.validate ?? true,
      transactionRetry: () => ({
        attempts: this.settings.number(settingName(version, 'messageAttempts'), 1),
        intervalMs: this.settings.number(settingName(version, 'messageAttemptInterval'), 0) * 1000,
      }),
    });
    this.#dialect = version === '1.6' ? createDialect16(this) : createDialect2(this);
    this.link.onServerCall((action, payload) => {
      const scripted = options.respond?.[action]?.(payload);
      if (scripted !== undefined) return { payload: scripted, after: () => this.emit('serverCall', action, payload) };
      const handler = this.#dialect.handlers[action];
      // Known to the version (the link checked) but not simulated: "recognized but not supported".
      if (handler === undefined) throw new CallRefusal('NotSupported', `${action} is not supported by the simulator`);
      const outcome = handler(payload);
      return {
        payload: outcome.payload,
        after: () => {
          this.emit('serverCall', action, payload);
          outcome.after?.();
        },
      };
    });
    this.link.on('frame', (frame) => this.emit('frame', frame));
    this.link.on('open', () => this.#onOpen());
    this.link.on('close', (code, reason) => {
      this.#stopTimers();
      this.emit('disconnected', code, reason);
    });
    this.link.on('reconnecting', (attempt, delay) => this.emit('reconnecting', attempt, delay));
    this.link.on('error', (error) => this.emit('failure', error));
  }

  /** True while connected. */
  get online(): boolean {
    return this.link.online;
  }

  /** The connector (EVSE) with this id; throws for an unknown one. */
  connector(id: number): Connector {
    const connector = this.connectors[id - 1];
    if (connector === undefined) throw new InvalidStateError(`no connector ${id} (the station has ${this.connectors.length})`);
    return connector;
  }

  /** Opens the WebSocket. */
  connect(): Promise<void> {
    this.#closed = false;
    return this.link.connect();
  }

  /** BootNotification; on Accepted, heartbeats start at the returned interval. */
  boot(reason = 'PowerUp'): Promise<BootResult> {
    return this.#boot(reason, false);
  }

  async #boot(reason: string, front: boolean): Promise<BootResult> {
    const result = await this.#dialect.boot(reason, front);
    this.bootResult = result;
    if (result.status === 'Accepted') {
      this.settings.put(settingName(this.version, 'heartbeatInterval'), String(result.interval));
      this.#startHeartbeat();
    }
    return result;
  }

  /** Connect, boot, and report the status of the station (1.6 connector 0) and every connector. */
  async powerUp(): Promise<BootResult> {
    await this.connect();
    const result = await this.boot();
    if (result.status === 'Accepted') await this.reportAllStatuses();
    return result;
  }

  /** StatusNotification for every connector (and 1.6's connector 0). */
  async reportAllStatuses(front = false): Promise<void> {
    const targets: (Connector | undefined)[] = [...(this.version === '1.6' ? [undefined] : []), ...this.connectors];
    // Inserting at the front of the queue reverses the order, so insert in reverse to keep 0, 1, 2, ….
    if (front) targets.reverse();
    await Promise.all(targets.map((connector) => this.#dialect.status(connector, front)));
  }

  /** Sets a connector's status and sends StatusNotification (1.6 connector 0 = the whole station). */
  async statusNotification(connectorId: number, status: ConnectorStatus, errorCode = 'NoError'): Promise<void> {
    if (connectorId === 0) {
      await this.#dialect.status(undefined);
      return;
    }
    const connector = this.connector(connectorId);
    connector.status = status;
    connector.errorCode = errorCode;
    this.emit('statusChanged', connectorId, status);
    await this.#dialect.status(connector);
    if (connector.transaction !== undefined && ['Charging', 'SuspendedEV', 'SuspendedEVSE'].includes(status)) {
      await this.#dialect.chargingStateChanged(connector);
    }
  }

  /**
   * The EV is plugged in: Preparing (2.x: Occupied). A 2.x station whose `TxCtrlr.TxStartPoint` includes
   * `EVConnected` then opens a transaction without an id token (E02, cable plugin first); it draws no power until
   * authorized ({@link startTransaction} or a RequestStartTransaction).
   */
  async plugIn(connectorId: number): Promise<void> {
    await this.statusNotification(connectorId, 'Preparing');
    const connector = this.connector(connectorId);
    if (this.startsAtPlugIn && connector.transaction === undefined) {
      const tx: Transaction = {
        connectorId,
        idTag: '',
        awaitingAuthorization: true,
        transactionId: crypto.randomUUID(),
        startedAt: new Date(),
        meterStartWh: connector.meter.registerWh,
        seqNo: 0,
        authorizationStatus: undefined,
        stopReason: undefined,
        meterStopWh: undefined,
      };
      connector.transaction = tx;
      await this.#dialect.start(connector, tx, false);
      this.emit('transactionStarted', tx);
    }
  }

  /** 2.x with `TxCtrlr.TxStartPoint` including `EVConnected`: a transaction begins when the cable is plugged in. */
  get startsAtPlugIn(): boolean {
    if (this.version === '1.6') return false;
    return (this.settings.get('TxCtrlr.TxStartPoint')?.value ?? '').split(',').map((point) => point.trim()).includes('EVConnected');
  }

  /** The EV is unplugged: a running transaction stops with EVDisconnected, the connector becomes Available. */
  async unplug(connectorId: number): Promise<void> {
    if (this.connector(connectorId).transaction !== undefined) await this.stopTransaction(connectorId, 'EVDisconnected');
    await this.statusNotification(connectorId, 'Available');
  }

  /** The connector reports Faulted with a 1.6 ChargePointErrorCode. */
  fault(connectorId: number, errorCode = 'OtherError'): Promise<void> {
    return this.statusNotification(connectorId, 'Faulted', errorCode);
  }

  /** Authorize; resolves with the idTagInfo / idTokenInfo status. */
  authorize(idTag: string): Promise<string> {
    return this.#dialect.authorize(idTag);
  }

  /**
   * Starts a transaction: status Preparing if the connector was idle, the start message (queued while offline),
   * then Charging with the connector's power. Resolves with the transaction once the server answered the start.
   */
  async startTransaction(connectorId: number, idTag: string, remoteStartId?: number): Promise<Transaction> {
    const connector = this.connector(connectorId);
    if (connector.transaction?.awaitingAuthorization) return this.#authorizeOpen(connector, connector.transaction, idTag, remoteStartId);
    if (connector.transaction !== undefined) throw new InvalidStateError(`connector ${connectorId} already has a transaction`);
    // 1.6 §5.13: a reserved connector takes only its tag or group; the start names the reservation it uses
    const reservationId = this.version === '1.6' ? claimReservation16(this, connectorId, idTag) : undefined;
    const tx: Transaction = {
      connectorId,
      idTag,
      reservationId,
      transactionId: this.version === '1.6' ? undefined : crypto.randomUUID(),
      startedAt: new Date(),
      meterStartWh: connector.meter.registerWh,
      seqNo: 0,
      remoteStartId,
      authorizationStatus: undefined,
      stopReason: undefined,
      meterStopWh: undefined,
    };
    connector.transaction = tx;
    // Both are queued now, in wire order, so a stop issued meanwhile cannot overtake the start.
    const preparing = connector.status === 'Available' ? this.#quietStatus(connector, 'Preparing') : undefined;
    connector.meter.powerW = connector.chargePowerW;
    if (connector.meter.soc === undefined && this.options.soc !== undefined) connector.meter.soc = this.options.soc;
    const started = this.#dialect.start(connector, tx, remoteStartId !== undefined);
    connector.status = 'Charging';
    this.emit('statusChanged', connectorId, 'Charging');
    await preparing;
    await started;
    this.emit('transactionStarted', tx);
    // Stopped while the start was on its way (a remote stop, a reboot): nothing left to set up.
    if (connector.transaction !== tx) return tx;
    if (tx.authorizationStatus !== undefined && tx.authorizationStatus !== 'Accepted' && this.settings.flag(settingName(this.version, 'stopOnInvalidId'))) {
      // 1.6 §5.11 StopTransactionOnInvalidId: a start the server refused is stopped at once as DeAuthorized.
      await this.stopTransaction(connectorId, 'DeAuthorized');
      return tx;
    }
    if (this.version === '1.6') await this.#quietStatus(connector, 'Charging');
    this.#startMeterTimer(connector);
    return tx;
  }

  /** Authorizes a transaction opened at plug-in with `idTag` (and the remote start's id), then charges. */
  async #authorizeOpen(connector: Connector, tx: Transaction, idTag: string, remoteStartId: number | undefined): Promise<Transaction> {
    tx.idTag = idTag;
    tx.remoteStartId = remoteStartId;
    tx.awaitingAuthorization = false;
    connector.meter.powerW = connector.chargePowerW;
    const authorized = this.#dialect.authorizeOpen?.(connector, tx, remoteStartId !== undefined);
    connector.status = 'Charging';
    this.emit('statusChanged', connector.id, 'Charging');
    await authorized;
    if (connector.transaction !== tx) return tx;
    if (tx.authorizationStatus !== undefined && tx.authorizationStatus !== 'Accepted' && this.settings.flag(settingName(this.version, 'stopOnInvalidId'))) {
      await this.stopTransaction(connector.id, 'DeAuthorized');
      return tx;
    }
    this.#startMeterTimer(connector);
    return tx;
  }

  /**
   * Stops the connector's transaction with a 1.6 / 2.x stop reason (`Local`, `Remote`, `EVDisconnected`,
   * `DeAuthorized`, …): final meter reading, the stop message (queued while offline), then Finishing and
   * Available. Resolves when the server answered the stop.
   */
  async stopTransaction(connectorId: number, reason = 'Local'): Promise<Transaction> {
    const connector = this.connector(connectorId);
    const tx = connector.transaction;
    if (tx === undefined) throw new InvalidStateError(`connector ${connectorId} has no transaction`);
    this.#stopMeterTimer(connectorId);
    tx.stopReason = reason;
    // the dialect reads the same register synchronously for the stop message
    tx.meterStopWh = connector.meter.registerWh;
    connector.transaction = undefined;
    connector.meter.powerW = 0;
    connector.status = 'Finishing';
    const stopped = this.#dialect.stop(connector, tx, reason);
    await stopped;
    if (this.version === '1.6') await this.#quietStatus(connector, 'Finishing');
    const next = connector.scheduledAvailability === 'Inoperative' ? 'Unavailable' : 'Available';
    if (connector.scheduledAvailability !== undefined) connector.availability = connector.scheduledAvailability;
    connector.scheduledAvailability = undefined;
    await this.#quietStatus(connector, next);
    this.emit('transactionStopped', tx);
    return tx;
  }

  /** Sets the power a connector draws (now, if charging, and at the next start), in W. */
  setPower(connectorId: number, powerW: number): void {
    const connector = this.connector(connectorId);
    connector.chargePowerW = powerW;
    if (connector.transaction !== undefined) connector.meter.powerW = powerW;
  }

  /** Sets the EV's state of charge, in percent. */
  setSoc(connectorId: number, soc: number): void {
    this.connector(connectorId).meter.soc = soc;
  }

  /** Integrates `seconds` of charging into the connector's meter without sending anything. */
  advanceMeter(connectorId: number, seconds: number): void {
    this.connector(connectorId).meter.advance(seconds);
  }

  /** Meter values now (1.6 MeterValues; 2.x TransactionEvent Updated during a transaction, else MeterValues). */
  sendMeterValues(connectorId: number, context: ReadingContext = 'Sample.Periodic'): Promise<void> {
    return this.#dialect.meterValues(this.connector(connectorId), context);
  }

  /** Heartbeat; resolves with the server's currentTime. */
  heartbeat(): Promise<string> {
    return this.#dialect.heartbeat();
  }

  /** DataTransfer; resolves with the answer (status and data). */
  dataTransfer(vendorId: string, messageId?: string, data?: string): Promise<JsonObject> {
    return this.#dialect.dataTransfer(vendorId, messageId, data);
  }

  /** FirmwareStatusNotification with a status of the connection's version. */
  firmwareStatus(status: string, requestId?: number): Promise<void> {
    return this.#dialect.firmwareStatus(status, requestId);
  }

  /** 1.6 DiagnosticsStatusNotification / 2.x LogStatusNotification. */
  diagnosticsStatus(status: string, requestId?: number): Promise<void> {
    return this.#dialect.diagnosticsStatus(status, requestId);
  }

  /** Any CALL, validated unless `skipValidation`; resolves with the CALLRESULT payload. */
  call(action: string, payload: JsonObject, options?: CallOptions): Promise<JsonObject> {
    return this.link.call(action, payload, options);
  }

  /** Sends a deliberately broken frame; resolves with the server's answer to it (or undefined if none came). */
  sendBadFrame(kind: BadFrameKind, timeoutMs?: number): Promise<Frame | undefined> {
    const { text, messageId } = badFrame(kind, this.link.nextMessageId(), this.version);
    return this.link.sendRaw(text, messageId, timeoutMs);
  }

  /** Closes the connection and stays offline; transaction messages queue until {@link goOnline}. */
  async goOffline(): Promise<void> {
    this.#stopTimers();
    await this.link.disconnect();
  }

  /** Connects again; queued transaction messages are sent in order. */
  goOnline(): Promise<void> {
    return this.link.connect();
  }

  /** Cuts the connection like a network failure; the station reconnects with back-off. */
  dropConnection(): void {
    this.link.drop();
  }

  /**
   * Reboots: running transactions stop with `reason` (queued), the connection closes, and after reconnecting the
   * station boots and reports every connector before the queued stops go out.
   */
  async reboot(reason = 'Reboot'): Promise<void> {
    this.emit('reset', reason);
    this.#rebooting = true;
    const stops = this.connectors
      .filter((c) => c.transaction !== undefined)
      .map((c) => this.stopTransaction(c.id, reason).catch((error: unknown) => this.emit('failure', error as Error)));
    await this.link.disconnect(1012);
    for (const c of this.connectors) if (c.availability === 'Operative' && c.status !== 'Faulted') c.status = 'Available';
    await this.link.connect();
    await Promise.all(stops);
  }

  /** Runs a step in the background, reporting its failure as a `failure` event. */
  background(step: Promise<unknown>): void {
    step.catch((error: unknown) => {
      if (!this.#closed) this.emit('failure', error as Error);
    });
  }

  /**
   * What the display shows for `evseId` now: the dynamic QR code's URL (OCPP 2.1 C25) with this step's one-time code,
   * or undefined while the CSMS has not configured `WebPaymentsCtrlr`.
   */
  dynamicQrUrl(evseId: number, atMs = Date.now()): string | undefined {
    return dynamicQrUrl(this.settings, this.id, evseId, atMs);
  }

  /** Restarts heartbeats and periodic meter values at the intervals now configured. */
  applySettings(): void {
    this.#startHeartbeat();
    for (const connector of this.connectors) {
      this.#stopMeterTimer(connector.id);
      if (connector.transaction !== undefined) this.#startMeterTimer(connector);
    }
  }

  /** Closes for good: timers stop, queued messages fail, the socket closes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopTimers();
    await this.link.close();
  }

  #onOpen(): void {
    this.emit('connected');
    if (this.bootResult === undefined) return;
    if (this.#rebooting || this.options.bootOnReconnect) {
      const rebooting = this.#rebooting;
      this.#rebooting = false;
      // Boot first: the first CALL goes out at once, so the statuses (inserted at the front, in reverse) follow it and
      // precede the transaction messages kept offline (OCA TC_013, TC_032_1: Boot, every status, then the stops).
      const booted = this.#boot(rebooting ? 'RemoteReset' : 'PowerUp', true);
      this.background(Promise.all([booted, this.reportAllStatuses(true)]));
    } else {
      this.background(this.reportAllStatuses());
    }
    this.applySettings();
  }

  async #quietStatus(connector: Connector, status: ConnectorStatus): Promise<void> {
    connector.status = status;
    this.emit('statusChanged', connector.id, status);
    // Status is not a transaction message: while offline it is not queued, the current one is sent on reconnect.
    if (!this.link.online) return;
    try {
      await this.#dialect.status(connector);
    } catch (error) {
      if (error instanceof ConnectionLostError || error instanceof NotConnectedError) return;
      // a status the CSMS failed to answer does not stop the transaction (a real station carries on): reported only
      if (error instanceof CallTimeoutError || error instanceof CallErrorResponse) this.emit('failure', error);
      else throw error;
    }
  }

  #startHeartbeat(): void {
    clearInterval(this.#heartbeatTimer);
    const interval = this.settings.number(settingName(this.version, 'heartbeatInterval'));
    if (this.options.heartbeat === false || interval <= 0 || !this.link.online) return;
    this.#heartbeatTimer = setInterval(() => this.background(this.heartbeat()), interval * 1000);
    this.#heartbeatTimer.unref();
  }

  #startMeterTimer(connector: Connector): void {
    const interval = this.settings.number(settingName(this.version, 'sampleInterval'));
    if (interval <= 0 || !this.link.online) return;
    const timer = setInterval(() => {
      connector.meter.advance(interval);
      this.background(this.sendMeterValues(connector.id));
    }, interval * 1000);
    timer.unref();
    this.#meterTimers.set(connector.id, timer);
  }

  #stopMeterTimer(connectorId: number): void {
    clearInterval(this.#meterTimers.get(connectorId));
    this.#meterTimers.delete(connectorId);
  }

  #stopTimers(): void {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    for (const id of [...this.#meterTimers.keys()]) this.#stopMeterTimer(id);
  }
}

import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OcppSubprotocol } from '@csms/gateway/protocol';
import { ChargePoint, type Transaction } from '@csms/simulators';
import type { CommandClient, CommandRecord } from './command-client.ts';
import type { Random } from './random.ts';

/** The steps of a session at which the chaos suite kills a part. */
export const SESSION_STEPS = ['beforeStartAnswered', 'afterStart', 'midMeter', 'atStop', 'commandInFlight'] as const;
export type SessionStep = (typeof SESSION_STEPS)[number];

const COMMAND_ACTIONS = new Set(['RemoteStartTransaction', 'RemoteStopTransaction', 'RequestStartTransaction', 'RequestStopTransaction']);
const TRANSACTION_ACTIONS = new Set(['StartTransaction', 'StopTransaction', 'MeterValues', 'TransactionEvent']);
/** Longest wait for a step that needs the system (a part being restarted, a locked database, a retry). */
const STEP_TIMEOUT_MS = 300_000;

/** One simulated station of the fleet. */
export interface StationPlan {
  readonly id: string;
  readonly protocol: OcppSubprotocol;
  /** The tag its sessions use (created in the database by the scenario). */
  readonly tag: string;
  /** OCPP endpoint without the id. */
  readonly url: string;
  /** false: the station does not reconnect by itself after losing its connection. Default true. */
  readonly reconnect?: boolean;
}

/** One charging session as the simulated station lived it: the truth the checks hold the system to. */
export interface SessionRecord {
  readonly station: string;
  readonly protocol: OcppSubprotocol;
  /** The simulator's transaction (1.6: `transactionId` is the CSMS's, once answered; 2.x: the station's own). */
  readonly tx: Transaction;
  /** `late-remote`: a remote start that reached the station after its command had been given up. */
  readonly startedBy: 'local' | 'remote' | 'late-remote';
  stoppedBy?: 'local' | 'remote';
  startAnswered: boolean;
  stopAnswered: boolean;
  /** The register the station put in its stop message. */
  meterStopWh?: number;
  readonly errors: string[];
}

/** A command CALL a station received, and what it answered. */
export interface ReceivedCommand {
  readonly station: string;
  readonly action: string;
  readonly messageId: string;
  readonly at: number;
  answer?: string;
}

/** A transaction message a station sent (each transmission on its own), and whether and how it was answered. */
export interface TransactionCall {
  readonly station: string;
  readonly action: string;
  readonly messageId: string;
  readonly sentAt: number;
  answeredAt?: number;
  /** `result`: a CALLRESULT in time; `error`: a CALLERROR; `late`: an answer after the station had given up waiting. */
  outcome?: 'result' | 'error' | 'late';
}

/** Options of {@link Fleet}. */
export interface FleetOptions {
  readonly stations: readonly StationPlan[];
  readonly commands: CommandClient;
  readonly random: Random;
  /** Sessions to charge in all (more while `keepGoing` says so). */
  readonly sessions: number;
  readonly meterReadings: number;
  /** How long a command whose outcome is unknown may still reach its station (command timeout, call timeout, margin). */
  readonly lateCommandMs: number;
  /** The stations' OCPP call timeout. Default 10 s. */
  readonly callTimeoutMs?: number;
  /** Share of sessions started (and, separately, stopped) by a remote command rather than at the station. Default 0.5. */
  readonly remoteShare?: number;
}

/** Polls `done` every 50 ms until it holds or `timeoutMs` passed; resolves whether it held. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Whether a command's answer says for sure that its CALL never went to the station. */
function surelyNotSent(record: CommandRecord): boolean {
  return record.httpStatus === 200 || record.httpStatus === 400 || record.httpStatus === 404 || record.httpStatus === 409;
}

/**
 * Simulated stations charging sessions back to back, each started by a local RFID swipe or a remote start command,
 * metered, and stopped locally or by a remote stop command, with seeded choices. Every session is recorded as the
 * station lived it. `step` events mark the moments the chaos suite kills a part at; they are emitted synchronously
 * at that moment (a frame just sent, an answer just received).
 */
export class Fleet extends EventEmitter<{ step: [SessionStep, string] }> {
  readonly stations = new Map<string, ChargePoint>();
  readonly sessions: SessionRecord[] = [];
  readonly received: ReceivedCommand[] = [];
  /** Every transmission of a transaction message, for the scenarios that check what was answered when. */
  readonly transactionCalls: TransactionCall[] = [];
  /** Failures of steps the stations ran by themselves (a remote start whose start message never got through, …). */
  readonly failures: string[] = [];
  readonly #options: FleetOptions;
  readonly #plans = new Map<string, StationPlan>();
  readonly #startsAnswered = new WeakSet<Transaction>();
  readonly #stopsAnswered = new WeakMap<Transaction, number>();
  readonly #awaitingAnswer = new Map<string, ReceivedCommand>();
  readonly #awaitingResult = new Map<string, TransactionCall>();
  readonly #tracked = new WeakSet<Transaction>();
  #started = 0;
  #stopping = false;
  #loops: Promise<void>[] = [];

  constructor(options: FleetOptions) {
    super();
    this.#options = options;
    for (const plan of options.stations) this.#plans.set(plan.id, plan);
  }

  /** Sessions begun so far. */
  get started(): number {
    return this.#started;
  }

  /** Sessions whose stop the CSMS has answered. */
  get stopsAnswered(): number {
    return this.sessions.filter((session) => session.stopAnswered).length;
  }

  /** Creates every station and powers it up (connect, boot, statuses). */
  async connect(): Promise<void> {
    await Promise.all(this.#options.stations.map((plan) => this.#createStation(plan).powerUp()));
  }

  /** Starts each station's session loop: until `sessions` are begun and `keepGoing()` is false, or {@link stop}. */
  run(keepGoing: () => boolean = () => false): void {
    this.#loops = [...this.stations.keys()].map((id) =>
      this.#loop(id, keepGoing).catch((error: unknown) => {
        this.failures.push(`${id}: loop: ${String(error)}`);
      }),
    );
  }

  /** Ends the session loops after their current session and waits for them. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#loops);
  }

  /** Resolves when the session loops have ended by themselves. */
  async finished(): Promise<void> {
    await Promise.all(this.#loops);
  }

  /**
   * After the loops ended: waits until no command can still reach a station, then stops any transaction a late
   * remote start began, as a session of its own. Nothing is left charging.
   */
  async settle(): Promise<void> {
    const { commands, lateCommandMs } = this.#options;
    await waitUntil(() => commands.records.every((record) => record.settledAt !== undefined), STEP_TIMEOUT_MS);
    const unknown = commands.records.filter((record) => !surelyNotSent(record)).map((record) => record.settledAt ?? 0);
    const quietAt = Math.max(0, ...unknown) + lateCommandMs;
    if (quietAt > Date.now()) await sleep(quietAt - Date.now());
    await Promise.all(
      [...this.stations.values()].map(async (cp) => {
        const tx = cp.connector(1).transaction;
        if (tx === undefined) return;
        const record = this.#track(cp, tx, 'late-remote');
        record.startAnswered = await waitUntil(() => this.#startsAnswered.has(tx), STEP_TIMEOUT_MS);
        await this.#stopLocally(cp, record);
      }),
    );
  }

  /** Connects a station that does not reconnect by itself (its transaction messages waited for this). */
  async goOnline(id: string): Promise<void> {
    await this.stations.get(id)!.goOnline();
  }

  async close(): Promise<void> {
    await Promise.all([...this.stations.values()].map((cp) => cp.close()));
  }

  #createStation(plan: StationPlan): ChargePoint {
    const retry: Record<string, string> =
      plan.protocol === 'ocpp1.6'
        ? { TransactionMessageAttempts: '40', TransactionMessageRetryInterval: '1' }
        : { 'OCPPCommCtrlr.MessageAttempts': '40', 'OCPPCommCtrlr.MessageAttemptInterval': '1' };
    const cp = new ChargePoint({
      url: plan.url,
      id: plan.id,
      protocol: plan.protocol,
      connectors: 1,
      heartbeat: false,
      reconnect: plan.reconnect === false ? false : { minDelayMs: 200, maxDelayMs: 2000 },
      callTimeoutMs: this.#options.callTimeoutMs ?? 10_000,
      settings: retry,
    });
    cp.on('transactionStarted', (tx) => this.#startsAnswered.add(tx));
    cp.on('transactionStopped', (tx) => this.#stopsAnswered.set(tx, cp.connector(1).meter.registerWh));
    cp.on('failure', (error) => this.failures.push(`${plan.id}: ${error.name}: ${error.message}`));
    cp.on('frame', (frame) => this.#onFrame(plan.id, frame.direction, frame.text));
    this.stations.set(plan.id, cp);
    return cp;
  }

  #onFrame(station: string, direction: 'in' | 'out', text: string): void {
    let frame: unknown[];
    try {
      frame = JSON.parse(text) as unknown[];
    } catch {
      return;
    }
    if (direction === 'out' && frame[0] === 2) {
      const action = frame[2];
      const eventType = (frame[3] as { eventType?: string } | undefined)?.eventType;
      if (action === 'StartTransaction' || (action === 'TransactionEvent' && eventType === 'Started')) this.emit('step', 'beforeStartAnswered', station);
      if (action === 'StopTransaction' || (action === 'TransactionEvent' && eventType === 'Ended')) this.emit('step', 'atStop', station);
      if (TRANSACTION_ACTIONS.has(String(action))) {
        const call: TransactionCall = { station, action: String(action), messageId: String(frame[1]), sentAt: Date.now() };
        this.transactionCalls.push(call);
        this.#awaitingResult.set(`${station}|${call.messageId}`, call);
      }
    } else if (direction === 'in' && (frame[0] === 3 || frame[0] === 4)) {
      const key = `${station}|${String(frame[1])}`;
      const call = this.#awaitingResult.get(key);
      if (call) {
        call.answeredAt = Date.now();
        call.outcome = call.answeredAt - call.sentAt > (this.#options.callTimeoutMs ?? 10_000) ? 'late' : frame[0] === 3 ? 'result' : 'error';
        this.#awaitingResult.delete(key);
      }
    } else if (direction === 'out' && frame[0] === 3) {
      const key = `${station}|${String(frame[1])}`;
      const received = this.#awaitingAnswer.get(key);
      if (received) {
        received.answer = (frame[2] as { status?: string }).status;
        this.#awaitingAnswer.delete(key);
      }
    } else if (direction === 'in' && frame[0] === 2 && COMMAND_ACTIONS.has(String(frame[2]))) {
      const received: ReceivedCommand = { station, action: String(frame[2]), messageId: String(frame[1]), at: Date.now() };
      this.received.push(received);
      this.#awaitingAnswer.set(`${station}|${received.messageId}`, received);
      this.emit('step', 'commandInFlight', station);
    }
  }

  #track(cp: ChargePoint, tx: Transaction, startedBy: SessionRecord['startedBy']): SessionRecord {
    const existing = this.sessions.find((session) => session.tx === tx);
    if (existing) return existing;
    const record: SessionRecord = { station: cp.id, protocol: this.#plans.get(cp.id)!.protocol, tx, startedBy, startAnswered: false, stopAnswered: false, errors: [] };
    this.#tracked.add(tx);
    this.sessions.push(record);
    return record;
  }

  async #loop(id: string, keepGoing: () => boolean): Promise<void> {
    const cp = this.stations.get(id)!;
    const random = this.#options.random.fork(id);
    while (!this.#stopping && (this.#started < this.#options.sessions || keepGoing())) {
      this.#started += 1;
      await this.#session(cp, random);
      await sleep(random.int(0, 200));
    }
  }

  async #session(cp: ChargePoint, random: Random): Promise<void> {
    const connector = cp.connector(1);
    const plan = this.#plans.get(cp.id)!;
    const remoteStart = random.chance(this.#options.remoteShare ?? 0.5);
    const remoteStop = random.chance(this.#options.remoteShare ?? 0.5);
    let record: SessionRecord | undefined;
    if (connector.transaction !== undefined) {
      record = this.#track(cp, connector.transaction, 'late-remote');
    } else if (remoteStart) {
      const command = this.#options.commands.send(cp.id, 'start', plan.tag);
      let settled: CommandRecord | undefined;
      void command.then((outcome) => (settled = outcome));
      await waitUntil(() => connector.transaction !== undefined || settled !== undefined, STEP_TIMEOUT_MS);
      if (connector.transaction === undefined && settled && !surelyNotSent(settled)) {
        await waitUntil(() => connector.transaction !== undefined, this.#options.lateCommandMs);
      }
      if (connector.transaction !== undefined) record = this.#track(cp, connector.transaction, 'remote');
    }
    if (record === undefined) {
      const starting = cp.startTransaction(1, plan.tag);
      record = this.#track(cp, connector.transaction!, 'local');
      const local = record;
      starting.catch((error: unknown) => local.errors.push(`start: ${String(error)}`));
    }
    const { tx } = record;
    record.startAnswered = await waitUntil(() => this.#startsAnswered.has(tx), STEP_TIMEOUT_MS);
    if (!record.startAnswered) record.errors.push('the start was never answered');
    this.emit('step', 'afterStart', cp.id);

    for (let reading = 0; reading < this.#options.meterReadings && connector.transaction === tx; reading++) {
      cp.advanceMeter(1, random.int(60, 600));
      await cp.sendMeterValues(1).catch((error: unknown) => record.errors.push(`meter: ${String(error)}`));
      if (reading === 0) this.emit('step', 'midMeter', cp.id);
      await sleep(random.int(20, 200));
    }

    if (connector.transaction === tx && remoteStop) {
      record.stoppedBy = 'remote';
      const command = this.#options.commands.send(cp.id, 'stop');
      let settled: CommandRecord | undefined;
      void command.then((outcome) => (settled = outcome));
      await waitUntil(() => connector.transaction !== tx || settled !== undefined, STEP_TIMEOUT_MS);
      if (connector.transaction === tx && settled && !surelyNotSent(settled)) {
        await waitUntil(() => connector.transaction !== tx, this.#options.lateCommandMs);
      }
    }
    if (connector.transaction === tx) await this.#stopLocally(cp, record);
    else {
      record.stoppedBy ??= 'remote';
      await this.#awaitStop(record);
    }
  }

  async #stopLocally(cp: ChargePoint, record: SessionRecord): Promise<void> {
    record.stoppedBy = 'local';
    cp.stopTransaction(1, 'Local').catch((error: unknown) => record.errors.push(`stop: ${String(error)}`));
    await this.#awaitStop(record);
  }

  async #awaitStop(record: SessionRecord): Promise<void> {
    record.stopAnswered = await waitUntil(() => this.#stopsAnswered.has(record.tx), STEP_TIMEOUT_MS);
    if (!record.stopAnswered) record.errors.push('the stop was never answered');
    record.meterStopWh = this.#stopsAnswered.get(record.tx);
  }
}

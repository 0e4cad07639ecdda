import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import type { JsonObject } from '@csms/gateway/protocol';
import { ChargePoint, type ChargePointOptions } from '@csms/simulators';
import { REPO_ROOT, startSystem, systemEnvironment, type StartedSystem, type SystemEnvironment } from '../../support/system.ts';
import { createRunStationCa } from './station-ca.ts';

const run = promisify(execFile);

/** An answer of the REST API. */
export interface ApiAnswer {
  readonly status: number;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** A simulated 1.6 station under test, and what it saw on its socket. */
export interface StationUnderTest {
  readonly id: string;
  /** The Basic-auth password the system generated for it (security profile 1). */
  readonly password: string;
  readonly cp: ChargePoint;
  /** Payloads of the server CALLs with this action the station received, in order. */
  calls(action: string): JsonObject[];
  /** Waits until the station has received `count` server CALLs with this action; returns their payloads. */
  waitForCall(action: string, count?: number): Promise<JsonObject[]>;
  /** Payloads of the CALLRESULTs the system sent for the station's own CALLs with this action, in order. */
  answers(action: string): JsonObject[];
  /** Every CALL the station sent got a CALLRESULT (none unanswered, none a CALLERROR). */
  expectAllAnswered(): Promise<void>;
}

/** Options of {@link Conformance.station}: the simulator's, without the ones the harness sets. */
export type StationOptions = Partial<Omit<ChargePointOptions, 'url' | 'id' | 'protocol' | 'password'>> & {
  /** Stop before the OCA "Booted" state: connect only, no BootNotification (for handshake cases). */
  readonly boot?: boolean;
};

/** What a case gets: the operator's API and fresh stations. */
export interface Conformance {
  /** Calls `/api/v1<path>` as an admin operator (the OCA "manual action"). */
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** Posts a `multipart/form-data` form to `/api/v1<path>` as an admin (a firmware image upload). */
  apiForm(path: string, form: FormData): Promise<ApiAnswer>;
  /** Registers a fresh station through the API, connects the simulator (OCPP 1.6) and brings it to "Booted". */
  station(options?: StationOptions): Promise<StationUnderTest>;
  /** Creates a tag through the API (`POST /charge-tags`). */
  tag(idTag: string, fields?: Record<string, unknown>): Promise<void>;
  /** The gateway's WebSocket endpoint without the station id, e.g. `ws://127.0.0.1:1234/OCPP`. */
  readonly gatewayUrl: string;
  /** The web app's base URL, e.g. `http://127.0.0.1:1235`. */
  readonly webUrl: string;
}

/** One automated OCA case: drives the system and asserts with vitest's `expect`. */
export type ConformanceCase = (t: Conformance) => Promise<void>;

/** The cases of one module of `cases/`, by OCA id (`TC_046_CSMS`). */
export type ConformanceCases = Readonly<Record<string, ConformanceCase>>;

/** The whole system as `npm start` runs it, once for the run, and the stations the cases opened. */
export class ConformanceSystem implements Conformance {
  readonly #stations: ChargePoint[] = [];

  private constructor(
    private readonly environment: SystemEnvironment,
    private readonly started: StartedSystem,
    private readonly token: string,
  ) {}

  /** Starts the system on free ports with a fresh database and makes an admin API token with the admin CLI. */
  static async start(): Promise<ConformanceSystem> {
    const environment = await systemEnvironment();
    // the gateway signs the stations' CSRs with the run's own CA (TC_074, TC_077)
    Object.assign(environment.env, createRunStationCa(environment.dataDir).env);
    const started = await startSystem(environment.env);
    const cli = await run(process.execPath, [join(REPO_ROOT, 'db/bin/csms-db.js'), 'token', 'create', '--user', 'admin', '--name', 'conformance'], {
      env: { ...process.env, ...environment.env },
    });
    return new ConformanceSystem(environment, started, cli.stdout.trim().split('\n').at(-1)!);
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.environment.ports.gateway}/OCPP`;
  }

  get webUrl(): string {
    return `http://127.0.0.1:${this.environment.ports.web}`;
  }

  async api(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${this.webUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: <T>() => JSON.parse(text) as T };
  }

  async apiForm(path: string, form: FormData): Promise<ApiAnswer> {
    const response = await fetch(`${this.webUrl}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${this.token}` }, body: form });
    const text = await response.text();
    return { status: response.status, text, json: <T>() => JSON.parse(text) as T };
  }

  async tag(idTag: string, fields: Record<string, unknown> = {}): Promise<void> {
    const created = await this.api('POST', '/charge-tags', { tagId: idTag, name: idTag, ...fields });
    expect(created.status, created.text).toBe(201);
  }

  async station(options: StationOptions = {}): Promise<StationUnderTest> {
    const id = `oca-${randomBytes(4).toString('hex')}`;
    const created = await this.api('POST', '/charge-points', { id, name: id });
    expect(created.status, created.text).toBe(201);
    const password = created.json<{ generatedPassword: string }>().generatedPassword;
    const { boot = true, ...simulator } = options;
    const cp = new ChargePoint({ connectors: 1, heartbeat: false, reconnect: false, ...simulator, url: this.gatewayUrl, id, protocol: 'ocpp1.6', password });
    this.#stations.push(cp);

    const received: [string, JsonObject][] = [];
    const sent = new Map<string, string>();
    const results: [string, JsonObject][] = [];
    const errors: string[] = [];
    cp.on('serverCall', (action: string, payload: JsonObject) => received.push([action, payload]));
    cp.on('frame', ({ direction, text }: { direction: 'in' | 'out'; text: string }) => {
      const frame = JSON.parse(text) as [number, string, ...unknown[]];
      if (direction === 'out' && frame[0] === 2) sent.set(frame[1], frame[2] as string);
      if (direction === 'in' && frame[0] === 3 && sent.has(frame[1])) {
        results.push([sent.get(frame[1])!, frame[2] as JsonObject]);
        sent.delete(frame[1]);
      }
      if (direction === 'in' && frame[0] === 4 && sent.has(frame[1])) {
        errors.push(`${sent.get(frame[1])}: ${String(frame[2])} ${String(frame[3])}`);
        sent.delete(frame[1]);
      }
    });
    if (boot) {
      const booted = await cp.powerUp();
      expect(booted.status).toBe('Accepted');
    } else {
      await cp.connect();
    }

    const calls = (action: string) => received.filter(([a]) => a === action).map(([, payload]) => payload);
    return {
      id,
      password,
      cp,
      calls,
      async waitForCall(action, count = 1) {
        await expect.poll(() => calls(action).length, { timeout: 30_000, message: `${id} waits for ${count} × ${action}` }).toBeGreaterThanOrEqual(count);
        return calls(action);
      },
      answers: (action) => results.filter(([a]) => a === action).map(([, payload]) => payload),
      async expectAllAnswered() {
        await expect.poll(() => [...sent.values()], { timeout: 30_000, message: `${id}: CALLs still unanswered` }).toEqual([]);
        expect(errors, `${id}: CALLs answered with a CALLERROR`).toEqual([]);
      },
    };
  }

  /** Closes every station, stops the system and removes its data. */
  async stop(): Promise<void> {
    await Promise.all(this.#stations.map((cp) => cp.close()));
    this.started.child.kill('SIGTERM');
    await this.started.exited;
    await this.environment.dispose();
  }
}

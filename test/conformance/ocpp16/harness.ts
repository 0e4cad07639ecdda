import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import type { JsonObject } from '@csms/gateway/protocol';
import { ChargePoint, type ChargePointOptions } from '@csms/simulators';
import { answersHealthy } from '../../../scripts/system/health-probe.ts';
import { childEnvironment, readSettings } from '../../../scripts/system/settings.ts';
import { freePort } from '../../support/ports.ts';
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
  /** Register the station with security profile 2 (a password the harness makes) or 3 (a client certificate). */
  readonly securityProfile?: 2 | 3;
  /** Connect here instead of the system's gateway (another node's endpoint, e.g. `wss://127.0.0.1:1234/OCPP`). */
  readonly gatewayUrl?: string;
  /** TLS options with a client certificate for the station's id, once the harness has chosen it (profile 3). */
  readonly certificateFor?: (id: string) => { readonly ca: string; readonly cert: string; readonly key: string };
};

/** Another gateway node of the system, started by {@link Conformance.gatewayNode}. */
export interface GatewayNode {
  readonly port: number;
  stop(): Promise<void>;
}

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
  /**
   * Starts one more gateway process on the system's database and Temporal, on a free port and with its own node id,
   * plus `env` (its own TLS, trusted proxies, …), as a deployment with several nodes runs; stopped with the system.
   */
  gatewayNode(env: Record<string, string>): Promise<GatewayNode>;
}

/** One automated OCA case: drives the system and asserts with vitest's `expect`. */
export type ConformanceCase = (t: Conformance) => Promise<void>;

/** The cases of one module of `cases/`, by OCA id (`TC_046_CSMS`). */
export type ConformanceCases = Readonly<Record<string, ConformanceCase>>;

/** The whole system as `npm start` runs it, once for the run, and the stations the cases opened. */
export class ConformanceSystem implements Conformance {
  readonly #stations: ChargePoint[] = [];
  readonly #nodes: GatewayNode[] = [];

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

  async gatewayNode(env: Record<string, string>): Promise<GatewayNode> {
    const port = await freePort();
    // what the start command gives its gateway, on another port and under another node id
    const systemEnv = { ...process.env, ...this.environment.env };
    const nodeEnv = { ...childEnvironment(readSettings(systemEnv), systemEnv), GATEWAY_PORT: String(port), GATEWAY_NODE_ID: `oca-node-${randomBytes(3).toString('hex')}`, ...env };
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'gateway/src/main.ts')], { env: nodeEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => void output.push(chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const health = `${env.GATEWAY_TLS_CERT_FILE ? 'https' : 'http'}://127.0.0.1:${port}/health`;
    const deadline = Date.now() + 60_000;
    while (!(await answersHealthy(health))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`another gateway node did not come up on ${port}:\n${output.join('').slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const node: GatewayNode = {
      port,
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
    this.#nodes.push(node);
    return node;
  }

  async station(options: StationOptions = {}): Promise<StationUnderTest> {
    const id = `oca-${randomBytes(4).toString('hex')}`;
    const { boot = true, securityProfile, gatewayUrl = this.gatewayUrl, certificateFor, ...simulator } = options;
    // profile 2 needs a password the API is given; profile 3 none (the certificate names the station); else generated
    const chosen = securityProfile === 2 ? randomBytes(12).toString('base64url') : undefined;
    const body = securityProfile === undefined ? { id, name: id } : { id, name: id, securityProfile, ...(chosen ? { basicAuthPassword: chosen } : {}) };
    const created = await this.api('POST', '/charge-points', body);
    expect(created.status, created.text).toBe(201);
    const password = chosen ?? created.json<{ generatedPassword?: string }>().generatedPassword ?? '';
    const cp = new ChargePoint({
      connectors: 1,
      heartbeat: false,
      reconnect: false,
      ...simulator,
      ...(certificateFor ? { ws: { ...simulator.ws, ...certificateFor(id) } } : {}),
      url: gatewayUrl,
      id,
      protocol: 'ocpp1.6',
      ...(password ? { password } : {}),
    });
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
    await Promise.all(this.#nodes.map((node) => node.stop()));
    this.started.child.kill('SIGTERM');
    await this.started.exited;
    await this.environment.dispose();
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { migrateDatabase, openDatabase, type Database } from '@csms/db';
import { createTestDatabase, type TestDatabase } from '@csms/db/testing';
import { ensureWebBuild } from '../../../scripts/system/web-build.ts';
import { freePorts } from '../../support/ports.ts';
import { REPO_ROOT } from '../../support/system.ts';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';
import { partArgs, SystemProcesses, type PartName } from './system-processes.ts';

export const NAMESPACE = 'csms';

/** What a chaos scenario starts. */
export interface ChaosSystemOptions {
  /** Names the log folder: `.test-results/chaos-logs/<scenario>-<dialect>/`. */
  readonly scenario: string;
  /** The pinned Temporal CLI (`inject('temporalCliPath')`). */
  readonly temporalCli: string;
  /** Gateway node ids; the first is part `gateway`, others `gateway-<id>`. Default one node `chaos-a`. */
  readonly gatewayNodes?: readonly string[];
  /** Extra environment for every part (lease, sweep interval, …). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Which database the run uses, and whether the suite may kill it. */
export interface DatabaseUnderTest {
  readonly dialect: 'sqlite' | 'postgresql';
  readonly url: string;
  /** A private cluster the suite can kill -9 (PostgreSQL only, when it can run here). */
  readonly cluster?: PrivatePostgres;
  /** Why PostgreSQL itself is not killed on this run (PostgreSQL only). */
  readonly clusterUnavailable?: string;
}

/**
 * The whole system as separate OS processes, started from the start command's entry points: the Temporal dev server
 * through the project's launcher on its SQLite file, the worker, one or more gateway nodes, the web app, and the
 * database (a SQLite file; on the PostgreSQL pass a private cluster of the suite's own when it can run, so it can be
 * killed too). The test keeps its own database handle and Temporal client for checking.
 */
export class ChaosSystem {
  readonly processes: SystemProcesses;
  readonly database: DatabaseUnderTest;
  readonly db: Database;
  readonly token: string;
  readonly ports: { readonly gateways: readonly number[]; readonly web: number; readonly worker: number; readonly temporal: number };
  readonly nodes: readonly string[];
  readonly logDir: string;
  readonly #dataDir: string;
  readonly #testDatabase: TestDatabase | undefined;
  #connection: Connection | undefined;

  private constructor(init: {
    processes: SystemProcesses;
    database: DatabaseUnderTest;
    db: Database;
    token: string;
    ports: ChaosSystem['ports'];
    nodes: readonly string[];
    logDir: string;
    dataDir: string;
    testDatabase: TestDatabase | undefined;
  }) {
    this.processes = init.processes;
    this.database = init.database;
    this.db = init.db;
    this.token = init.token;
    this.ports = init.ports;
    this.nodes = init.nodes;
    this.logDir = init.logDir;
    this.#dataDir = init.dataDir;
    this.#testDatabase = init.testDatabase;
  }

  /** Part name of gateway node `index`. */
  static gatewayPart(index: number, nodeId: string): PartName {
    return index === 0 ? 'gateway' : `gateway-${nodeId}`;
  }

  static async start(options: ChaosSystemOptions): Promise<ChaosSystem> {
    const nodes = options.gatewayNodes ?? ['chaos-a'];
    const postgres = Boolean(process.env.TEST_POSTGRES_URL);
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-chaos-'));
    const logDir = join(REPO_ROOT, '.test-results', 'chaos-logs', `${options.scenario}-${postgres ? 'postgresql' : 'sqlite'}`);
    await rm(logDir, { recursive: true, force: true });
    await mkdir(logDir, { recursive: true });
    const [web, worker, temporal, temporalUi, temporalHttp, temporalMetrics, pgPort, ...gateways] = await freePorts(7 + nodes.length);

    let database: DatabaseUnderTest;
    let testDatabase: TestDatabase | undefined;
    if (!postgres) {
      database = { dialect: 'sqlite', url: `sqlite://${join(dataDir, 'csms.sqlite')}` };
    } else {
      const unavailable = privatePostgresUnavailable();
      if (unavailable === undefined) {
        const cluster = await startPrivatePostgres(pgPort!, 'chaos');
        database = { dialect: 'postgresql', url: cluster.url, cluster };
      } else {
        testDatabase = await createTestDatabase({ migrate: false });
        database = { dialect: 'postgresql', url: testDatabase.url, clusterUnavailable: unavailable };
      }
    }
    const db = await openDatabase(database.url);
    await migrateDatabase(db);
    await db.users.create({ username: 'chaos', password: randomBytes(18).toString('base64url'), role: 'admin' });
    const { token } = await db.apiTokens.create('chaos', 'chaos suite');

    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CSMS_TOOLS_DIR: process.env.CSMS_TOOLS_DIR,
      TEMPORAL_CLI_PATH: options.temporalCli,
      CSMS_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      CSMS_SECRET_KEY: randomBytes(32).toString('hex'),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
      TEMPORAL_NAMESPACE: NAMESPACE,
      LOG_LEVEL: 'info',
      NO_COLOR: '1',
      ...options.env,
    };
    await ensureWebBuild(common);
    const processes = new SystemProcesses(logDir);
    const system = new ChaosSystem({
      processes,
      database,
      db,
      token,
      ports: { gateways: gateways as number[], web: web!, worker: worker!, temporal: temporal! },
      nodes,
      logDir,
      dataDir,
      testDatabase,
    });
    try {
      await processes.start({
        name: 'temporal',
        args: partArgs('temporal'),
        env: {
          ...common,
          TEMPORAL_PORT: String(temporal),
          TEMPORAL_UI_PORT: String(temporalUi),
          TEMPORAL_HTTP_PORT: String(temporalHttp),
          TEMPORAL_METRICS_PORT: String(temporalMetrics),
          TEMPORAL_DB_FILE: join(dataDir, 'temporal.sqlite'),
        },
      });
      await Promise.all([
        processes.start({ name: 'worker', args: partArgs('worker'), env: { ...common, WORKER_HEALTH_PORT: String(worker) }, healthUrl: `http://127.0.0.1:${worker}/health` }),
        ...nodes.map((nodeId, index) =>
          processes.start({
            name: ChaosSystem.gatewayPart(index, nodeId),
            args: partArgs('gateway'),
            env: { ...common, GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: String(gateways[index]), GATEWAY_NODE_ID: nodeId },
            healthUrl: `http://127.0.0.1:${gateways[index]}/health`,
          }),
        ),
        processes.start({ name: 'web', args: partArgs('web'), env: { ...common, HOST: '127.0.0.1', PORT: String(web) }, healthUrl: `http://127.0.0.1:${web}/api/v1/health` }),
      ]);
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  /** The OCPP endpoint of gateway node `index` (without the station id). */
  gatewayUrl(index = 0): string {
    return `ws://127.0.0.1:${this.ports.gateways[index]}/OCPP`;
  }

  get webUrl(): string {
    return `http://127.0.0.1:${this.ports.web}`;
  }

  /** A Temporal client for checking (connected on first use; reconnects by itself after a restart). */
  async temporal(): Promise<Client> {
    this.#connection ??= Connection.lazy({ address: `127.0.0.1:${this.ports.temporal}` });
    return new Client({ connection: this.#connection, namespace: NAMESPACE });
  }

  /** kill -9 of a part (the database too, when it is a private cluster). */
  kill(part: PartName | 'postgres'): void {
    if (part === 'postgres') this.database.cluster!.kill();
    else this.processes.kill(part);
  }

  /** Starts a killed part again and resolves once it serves. */
  async restart(part: PartName | 'postgres'): Promise<void> {
    if (part === 'postgres') await this.database.cluster!.restart();
    else await this.processes.restart(part);
  }

  async stop(): Promise<void> {
    await this.processes.stopAll();
    await this.#connection?.close().catch(() => undefined);
    await this.db.close().catch(() => undefined);
    await this.database.cluster?.stop();
    await this.#testDatabase?.close();
    await rm(this.#dataDir, { recursive: true, force: true });
  }
}

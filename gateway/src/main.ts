/** The gateway process: terminates OCPP-J WebSocket connections from charge points. */
import { loadSecretKey, openDatabase, type Database } from '@csms/db';
import { configErrorLine } from '@csms/temporal/env';
import { installTemporalRuntime } from '@csms/temporal/runtime';
import { startTracing, tracingSettings } from '@csms/temporal/tracing';
import type { Logger } from 'pino';
import { loadGatewayConfig } from './config.ts';
import { createGatewayLogger } from './logging.ts';
import { startGateway, type Gateway } from './gateway.ts';

/** The process's logger, once `main` has read the config. */
let startedLog: Logger | undefined;

function readConfig() {
  try {
    return { ...loadGatewayConfig(), tracing: tracingSettings(process.env, 'csms-gateway') };
  } catch (error) {
    // a bad variable: one line naming it, not a stack trace
    const line = configErrorLine(error);
    if (line === undefined) throw error;
    console.error(`gateway: ${line}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createGatewayLogger({ level: config.logLevel, logTagIds: config.logTagIds });
  startedLog = log;
  installTemporalRuntime(log);
  // before the gateway starts: every station message handled from then on is traced (off unless configured)
  const tracing = config.tracing ? await startTracing(config.tracing) : undefined;
  if (config.tracing) log.info({ tracesUrl: config.tracing.tracesUrl, serviceName: config.tracing.serviceName }, 'tracing on');
  const db: Database = await openDatabase(config.databaseUrl);
  const running: { gateway?: Gateway } = {};
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A hung DB must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    void (async () => {
      try {
        await running.gateway?.stop();
      } catch (error) {
        log.error({ err: error }, 'unclean shutdown');
      }
      await db.close().catch(() => undefined);
      await tracing?.shutdown().catch(() => undefined);
      process.exit(0);
    })();
  };
  // Installed before the slow start-up steps, so a supervisor stopping us early is honoured.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // The start command launches us with an IPC channel; when it goes away, so do we.
  process.on('disconnect', () => stop('disconnect'));

  const secretKey = await loadSecretKey({ dataDir: config.dataDir });
  const gateway = await startGateway({ db, secretKey, settings: config, logger: log, temporal: config.temporal });
  running.gateway = gateway;
  if (stopping) {
    await gateway.stop();
    return;
  }
  log.info(
    {
      port: gateway.port,
      nodeId: config.nodeId,
      tls: Boolean(config.tls),
      messageLogLevel: config.messageLogLevel,
      admitUnknownStations: config.ocpp.admitUnknownStations,
      secretKeySource: secretKey.source,
    },
    'gateway listening',
  );
}

main().catch((error: unknown) => {
  // without a logger yet (a bad variable): the error as Node prints it
  if (startedLog) startedLog.fatal({ err: error }, 'gateway failed');
  else console.error(error);
  process.exit(1);
});

/** The gateway process: terminates OCPP-J WebSocket connections from charge points. */
import pino from 'pino';
import { loadGatewayConfig } from './config.ts';
import { startGatewayServer } from './server.ts';

const config = loadGatewayConfig();
const log = pino({ name: 'gateway', level: config.logLevel });

async function main(): Promise<void> {
  const server = await startGatewayServer({ host: config.host, port: config.port, nodeId: config.nodeId });
  log.info({ port: server.port, nodeId: config.nodeId }, 'gateway listening');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down');
    server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'gateway failed');
  process.exit(1);
});

/** The gateway process: terminates OCPP-J WebSocket connections from charge points. */
import pino from 'pino';
import { loadGatewayConfig } from './config.ts';
import { startGatewayServer } from './server.ts';

const config = loadGatewayConfig();
const log = pino({ name: 'gateway', level: config.logLevel });

async function main(): Promise<void> {
  // Station admission and the OCPP actors are wired to the database in the next step; until then no station is known.
  const server = await startGatewayServer({
    host: config.host,
    port: config.port,
    nodeId: config.nodeId,
    gate: { admit: async () => ({ kind: 'unknown' }) },
    listener: (connection) => {
      connection.close(1011, 'not ready');
      return { onMessage: () => {}, onClose: () => {} };
    },
  });
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

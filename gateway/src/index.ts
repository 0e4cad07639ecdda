/** The gateway's composition root, exported for tests and the start command. */
export { loadGatewayConfig, type GatewayConfig } from './config.ts';
export { startGatewayServer, type GatewayServer, type GatewayServerOptions } from './server.ts';
export { startGateway, type Gateway, type GatewayOptions, type GatewaySettings } from './gateway.ts';
export type { OcppSettings } from './config.ts';

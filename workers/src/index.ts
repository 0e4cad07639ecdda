/** The worker's composition root, exported for the smoke and integration tests. */
export { loadWorkerConfig, type WorkerConfig } from './config.ts';
export { createCsmsWorker, type CsmsWorker, type CsmsWorkerOptions } from './worker.ts';
export { startHealthServer } from './health-server.ts';

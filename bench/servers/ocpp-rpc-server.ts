/**
 * Peer: ocpp-rpc's RPCServer in strict mode (every call and answer validated against its 1.6 schemas) with trivial
 * handlers. Started by the bench, pinned to the server core.
 */
import { RPCServer } from 'ocpp-rpc';
import { serveParent } from '../lib/ipc.ts';
import { packageVersion } from '../lib/versions.ts';
import { trivialAnswer } from './trivial-answers.ts';

interface RpcClient {
  handle(handler: (call: { method: string; params: Record<string, unknown> }) => unknown): void;
}

const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true } as ConstructorParameters<typeof RPCServer>[0]);
server.auth((accept) => accept({}));
server.on('client', (client: RpcClient) => {
  client.handle(({ method, params }) => {
    const answer = trivialAnswer(method, params);
    if (answer === undefined) throw new Error(`${method} not implemented`);
    return answer;
  });
});
const http = await server.listen(0, '127.0.0.1');
const port = (http.address() as { port: number }).port;

serveParent(
  {
    provision: () => ({ stations: 0 }),
    gc: () => {
      global.gc?.();
      return process.memoryUsage();
    },
    stats: () => ({ connections: (server as unknown as { _clients?: Set<unknown> })._clients?.size ?? null }),
  },
  { url: `ws://127.0.0.1:${port}`, version: packageVersion('ocpp-rpc') },
);

/**
 * The floor: a raw uWebSockets.js server with trivial handlers (parse the frame, answer by action), no schema
 * validation, no actor, no persistence. Started by the bench, pinned to the server core.
 */
import uWS from 'uWebSockets.js';
import { serveParent } from '../lib/ipc.ts';
import { packageVersion } from '../lib/versions.ts';
import { trivialAnswer } from './trivial-answers.ts';

const decoder = new TextDecoder();
let connections = 0;
const app = uWS.App().ws('/*', {
  maxPayloadLength: 1024 * 1024,
  idleTimeout: 120,
  upgrade: (res, req, context) => {
    const protocol = req.getHeader('sec-websocket-protocol').split(',')[0]?.trim() ?? '';
    res.upgrade({}, req.getHeader('sec-websocket-key'), protocol, req.getHeader('sec-websocket-extensions'), context);
  },
  open: () => {
    connections += 1;
  },
  close: () => {
    connections -= 1;
  },
  message: (ws, message) => {
    const frame = JSON.parse(decoder.decode(message)) as unknown[];
    if (frame[0] !== 2) return;
    const answer = trivialAnswer(String(frame[2]), frame[3] as Record<string, unknown>);
    ws.send(JSON.stringify(answer === undefined ? [4, frame[1], 'NotImplemented', '', {}] : [3, frame[1], answer]));
  },
});

const port = await new Promise<number>((resolve, reject) =>
  app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(uWS.us_socket_local_port(socket)) : reject(new Error('uWS could not listen')))),
);

serveParent(
  {
    provision: () => ({ stations: 0 }),
    gc: () => {
      global.gc?.();
      return process.memoryUsage();
    },
    stats: () => ({ connections }),
  },
  { url: `ws://127.0.0.1:${port}`, version: packageVersion('uWebSockets.js') },
);

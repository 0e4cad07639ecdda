import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';

/**
 * Ports handed to another process (a dev server, a start command) come from below the kernel's ephemeral range.
 * A port the OS picks with `listen(0)` lies inside that range, and between closing it here and the other process
 * binding it, any outgoing connection on this busy box (a test's thousand stations, a PostgreSQL pool) may take it
 * as its source port: seen in CI as "bind: address already in use" from the Temporal dev server.
 */
function portWindow(): { low: number; high: number } {
  let ephemeralLow = 32_768;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralLow;
  } catch {
    // not Linux: keep the IANA-like default
  }
  return { low: 10_000, high: Math.max(10_001, Math.min(ephemeralLow, 32_768) - 1) };
}

function tryListen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

/** `count` distinct ports on 127.0.0.1 that were free a moment ago: all are held open at once before any is released. */
export async function freePorts(count: number): Promise<number[]> {
  const { low, high } = portWindow();
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let attempt = 0; ports.length < count; attempt += 1) {
      if (attempt > 1_000) throw new Error(`no free port between ${low} and ${high}`);
      const port = low + Math.floor(Math.random() * (high - low + 1));
      if (ports.includes(port)) continue;
      const server = await tryListen(port);
      if (!server) continue;
      held.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (see {@link freePorts}). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

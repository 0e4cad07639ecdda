import { BlockList, isIP } from 'node:net';

/** Thrown for a `TRUSTED_PROXIES` entry that is neither an IP address nor a CIDR range. */
export class TrustedProxyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

function plain(address: string): string {
  // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * Parses `TRUSTED_PROXIES`: comma-separated IP addresses and CIDR ranges (`10.0.0.0/8`, `::1`). Empty: none.
 */
export function parseTrustedProxies(value: string): BlockList | null {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || (bits !== undefined && (!Number.isInteger(bits) || bits < 0 || bits > maxBits) || prefix === '')) {
      throw new TrustedProxyError(`"${entry}" is neither an IP address nor a CIDR range`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, bits, type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then `X-Forwarded-For` is read from
 * the right, skipping trusted proxies, and the first untrusted hop is the client. A client cannot forge its address
 * this way: entries left of an untrusted hop are never read, and without a trusted peer the header is ignored.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | null, trusted: BlockList | null): string {
  let address = plain(socketAddress);
  if (!trusted || !forwardedFor) return address;
  const hops = forwardedFor.split(',').map((hop) => plain(hop.trim()));
  while (isTrusted(trusted, address) && hops.length > 0) {
    const next = hops.pop()!;
    if (isIP(next) === 0) break; // garbage from the proxy's client: the proxy's own address is the best we know
    address = next;
  }
  return address;
}

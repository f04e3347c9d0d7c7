// Where a request goes (RFC 3261 §8.1.2, RFC 3263 §4 simplified: IP addresses and A/AAAA lookups,
// no NAPTR/SRV): transport from `transport=` or sips:, port default 5060 / 5061.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Endpoint, TransportProtocol } from './transport.ts';
import type { SipUri } from './uri.ts';

export function uriProtocol(uri: SipUri): TransportProtocol {
  const t = (uri.params.transport ?? '').toLowerCase();
  if (t === 'tcp' || t === 'ws' || t === 'wss') return t;
  if (t === 'tls' || uri.scheme === 'sips') return 'tls';
  return 'udp';
}

export async function resolveUri(uri: SipUri): Promise<Endpoint> {
  const protocol = uriProtocol(uri);
  let host = uri.params.maddr ?? uri.host;
  if (host.startsWith('[')) host = host.slice(1, -1);
  const port = uri.port ?? (protocol === 'tls' || protocol === 'wss' ? 5061 : 5060);
  if (isIP(host)) return { protocol, address: host, port };
  const { address } = await lookup(host);
  return { protocol, address, port };
}

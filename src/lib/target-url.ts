/**
 * Whether a webhook URL names this machine or a private network by its literal host: a watch that
 * someone outside the registry registers must not make the registry call into the network it runs in
 * (server-side request forgery). Names that resolve to such addresses are not caught here (that needs
 * the resolver at send time); literal addresses, localhost and the reserved ranges are.
 */
const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], // 0.0.0.0/8
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 (carrier-grade NAT)
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16 (link-local, cloud metadata)
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0xc0000000, 24], // 192.0.0/24 (protocol assignments)
  [0xc0000200, 24], // 192.0.2/24 (documentation)
  [0xc6120000, 15], // 198.18/15 (benchmarking)
  [0xe0000000, 4], // 224/4 (multicast)
  [0xf0000000, 4], // 240/4 (reserved, and 255.255.255.255)
];

function v4(host: string): number | null {
  const parts = host.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function privateTargetReason(url: string): string | null {
  const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'it names this machine (localhost)';
  const address = v4(host);
  if (address !== null) {
    const hit = PRIVATE_V4.some(([base, bits]) => Math.floor(address / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
    return hit ? `${host} is a loopback, link-local, private or reserved address` : null;
  }
  if (host.includes(':')) {
    // An IPv4 address mapped into IPv6 (the URL parser writes ::ffff:192.168.0.1 as ::ffff:c0a8:1).
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (mapped) {
      const n = Number.parseInt(mapped[1]!, 16) * 65536 + Number.parseInt(mapped[2]!, 16);
      return privateTargetReason(`http://${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/`);
    }
    if (host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host))
      return `${host} is a loopback, link-local or private address`;
  }
  return null;
}

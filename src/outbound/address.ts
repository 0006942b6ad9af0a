/**
 * What kind of address an IP is, for the outbound policy: only `public` addresses may be reached
 * without an allow-list entry. IPv4 ranges follow the IANA special-purpose registry; IPv6 adds the
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4), classified by that address.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is refused, or `public`. */
export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

/** The words an error uses for each kind ("resolves to a loopback address 127.0.0.1"). */
export const kindWords: Record<Exclude<AddressKind, 'public'>, string> = {
  unspecified: 'an unspecified',
  loopback: 'a loopback',
  private: 'a private',
  shared: 'a shared (carrier-grade NAT)',
  'link-local': 'a link-local',
  metadata: 'a cloud metadata',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
  documentation: 'a documentation',
  reserved: 'a reserved',
};

type Range = [prefix: string, bits: number, kind: AddressKind];

// Most specific first: the first range that holds the address names its kind.
const v4Ranges: Range[] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack
  ['169.254.170.2', 32, 'metadata'], // AWS ECS task metadata
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

const v6Ranges: Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'metadata'], // AWS over IPv6
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64
  ['100::', 64, 'reserved'], // discard-only
  ['2001::', 23, 'reserved'], // IETF protocol assignments, Teredo among them
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // the old site-local
  ['ff00::', 8, 'multicast'],
];

function v4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** The 128-bit value of an IPv6 address (with `::` and a trailing dotted quad). */
function v6Number(ip: string): bigint {
  const zone = ip.indexOf('%');
  let s = zone < 0 ? ip : ip.slice(0, zone);
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const n = v4Number(quad[1]!);
    s = `${s.slice(0, -quad[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function inV4(n: number, [prefix, bits]: Range): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (n & mask) >>> 0 === (v4Number(prefix) & mask) >>> 0;
}

function inV6(n: bigint, [prefix, bits]: Range): boolean {
  const shift = BigInt(128 - bits);
  return n >> shift === v6Number(prefix) >> shift;
}

function classifyV4(n: number): AddressKind {
  return v4Ranges.find((r) => inV4(n, r))?.[2] ?? 'public';
}

const low32 = (n: bigint) => Number(n & 0xffffffffn);

/** The kind of an IP address (v4 or v6, without brackets); anything that is not an IP is `reserved`. */
export function classifyAddress(ip: string): AddressKind {
  if (isIPv4(ip)) return classifyV4(v4Number(ip));
  if (!isIPv6(ip)) return 'reserved';
  const n = v6Number(ip);
  // Forms that carry an IPv4 address reach (or name) that address: judge them by it.
  if (n >> 32n === 0xffffn) return classifyV4(low32(n)); // ::ffff:a.b.c.d, mapped
  if (n >> 32n === 0n && n > 1n) return classifyV4(low32(n)); // ::a.b.c.d, compatible
  if (n >> 32n === 0x64ff9b0000000000000000n) return classifyV4(low32(n)); // NAT64
  if (n >> 112n === 0x2002n) return classifyV4(Number((n >> 80n) & 0xffffffffn)); // 6to4
  return v6Ranges.find((r) => inV6(n, r))?.[2] ?? 'public';
}

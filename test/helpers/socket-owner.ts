/**
 * Which process holds a local TCP socket (Linux /proc): the fault tests find the server that sent a
 * request from the request's source port, without asking the server.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The inode of the IPv4 or IPv6 TCP socket bound to local `port`, if any. */
function socketInode(port: number): string | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // Inode 0: a socket no process holds any more (TIME_WAIT); a live one may follow.
      if (cols[1]?.endsWith(`:${hex}`) && cols[9] !== '0') return cols[9];
    }
  }
  return undefined;
}

/** The one of `pids` holding the TCP socket on local `port`, if any does. */
export function socketOwner(port: number, pids: number[]): number | undefined {
  const inode = socketInode(port);
  if (!inode) return undefined;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return pid;
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return undefined;
}

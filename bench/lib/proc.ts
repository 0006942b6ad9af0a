/**
 * Process facts read from /proc (Linux): the descendants of a process and how much memory a set of
 * processes holds, both as the plain sum of VmRSS and as PSS (which shares shared memory fairly).
 */
import { readdirSync, readFileSync } from 'node:fs';

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** A `Name: <n> kB` field of a /proc file (status or smaps_rollup), in kB; 0 when unknown. */
function kbField(text: string | undefined, field: string): number {
  const m = text && new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/** Every live process below `root` (children, grandchildren, …), found by their PPid. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const m = /^PPid:\s+(\d+)/m.exec(readProc(Number(name), 'status') ?? '');
    if (!m) continue;
    const ppid = Number(m[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Memory of a set of processes, in kB: the sum of their VmRSS and of their PSS. */
export interface Memory {
  rssKb: number;
  pssKb: number;
  processes: number;
}

/** Sums VmRSS (and PSS) over `pids`; processes that have gone are skipped. */
export function memoryOf(pids: number[]): Memory {
  const unique = [...new Set(pids)];
  let rssKb = 0;
  let pssKb = 0;
  let processes = 0;
  for (const pid of unique) {
    const status = readProc(pid, 'status');
    if (!status) continue;
    processes++;
    rssKb += kbField(status, 'VmRSS');
    pssKb += kbField(readProc(pid, 'smaps_rollup'), 'Pss');
  }
  return { rssKb, pssKb, processes };
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/**
 * CPU time (user + system) used so far by `pids` and by their children that have exited and been
 * waited for, in ms. A PostgreSQL backend that ends mid-run (an idle pool connection closing) thus
 * stays counted, in its postmaster's total. Processes that have gone are skipped.
 */
export function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of new Set(pids)) {
    const stat = readProc(pid, 'stat');
    if (!stat) continue;
    // Fields after the command name (which may hold spaces): utime, stime, cutime and cstime are
    // fields 14 to 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / TICKS_PER_S;
}

/** CPU time spent by the whole machine (all processes, all cores) since boot, in ms. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return (
    (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) /
    TICKS_PER_S
  );
}

/**
 * The server's young-generation garbage collections, read from its Prometheus metrics (prom-client's
 * `nodejs_gc_duration_seconds`, kind "minor"). A long mean pause under steady load means something
 * keeps finished requests reachable (ADR 0014): it shows directly in the accept latency's tail.
 */
import { request } from './http-client.ts';
import type { ServerHandle } from './server.ts';

/** Young collections so far: how many, and their total pause in ms. */
export interface YoungGc {
  count: number;
  totalMs: number;
}

export async function youngGc(server: ServerHandle): Promise<YoungGc> {
  const { body } = await request(`${server.url}/metrics`);
  const read = (suffix: string) =>
    Number(
      new RegExp(`^expedite_nodejs_gc_duration_seconds_${suffix}\\{kind="minor"\\} (\\S+)$`, 'm').exec(
        body,
      )?.[1] ?? 0,
    );
  return { count: read('count'), totalMs: read('sum') * 1000 };
}

/** "young GC 1.1 ms mean (87)" for the collections between two readings. */
export function describeYoungGc(before: YoungGc, after: YoungGc): string {
  const count = after.count - before.count;
  const mean = count ? (after.totalMs - before.totalMs) / count : 0;
  return `young GC ${mean.toFixed(1)} ms mean (${count})`;
}

/**
 * The server's young-generation garbage collections, read from its Prometheus metrics (prom-client's
 * `nodejs_gc_duration_seconds`, kind "minor"). Long pauses under steady load mean something keeps
 * finished requests reachable (ADR 0016): they show directly in the accept latency's tail.
 */
import { request } from './http-client.ts';
import type { ServerHandle } from './server.ts';

/** Young collections so far: how many, how many paused longer than 10 ms, and the total pause. */
export interface YoungGc {
  count: number;
  over10ms: number;
  totalMs: number;
}

export async function youngGc(server: ServerHandle): Promise<YoungGc> {
  const { body } = await request(`${server.url}/metrics`);
  const read = (series: string) =>
    Number(new RegExp(`^expedite_nodejs_gc_duration_seconds_${series} (\\S+)$`, 'm').exec(body)?.[1] ?? 0);
  const count = read('count\\{kind="minor"\\}');
  return {
    count,
    over10ms: count - read('bucket\\{le="0.01",kind="minor"\\}'),
    totalMs: read('sum\\{kind="minor"\\}') * 1000,
  };
}

/** "young GC: 45, 2 over 10 ms, mean 1.1 ms" for the collections between two readings. */
export function describeYoungGc(before: YoungGc, after: YoungGc): string {
  const count = after.count - before.count;
  const mean = count ? (after.totalMs - before.totalMs) / count : 0;
  return `young GC: ${count}, ${after.over10ms - before.over10ms} over 10 ms, mean ${mean.toFixed(1)} ms`;
}

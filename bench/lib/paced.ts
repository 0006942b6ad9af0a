/**
 * Open-loop load at a steady rate. Request i is due at start + i / rate and is sent then whether or
 * not earlier ones were answered; its latency counts from when it was due, so a slow server and a
 * late generator both show in the figures (no coordinated omission). autocannon's `overallRate`
 * is not this: each of its connections sends back to back until its quota for the second is used,
 * so its "paced" runs are bursts at full concurrency.
 */
import http from 'node:http';
import { withCpuPerRequest, type LoadResult, type LoadSpec } from './load.ts';

/** What to send, how often and for how long. */
export interface PacedSpec {
  url: string;
  makeBody: () => string;
  /** Requests per second. */
  rate: number;
  durationS: number;
  /** Seconds at the same rate first, unrecorded. */
  warmupS: number;
  cpu?: LoadSpec['cpu'];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

/** Sends `rate` POSTs a second for `durationS`; resolves when the last one is answered. */
function paced(spec: PacedSpec, durationS: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const target = new URL(spec.url);
  const total = Math.round(spec.rate * durationS);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let bytes = 0;
  let sent = 0;
  let settled = 0;
  const start = performance.now();
  return new Promise<Omit<LoadResult, 'cpuPerRequest'>>((resolve) => {
    const done = () => {
      if (++settled < total) return;
      agent.destroy();
      const elapsedS = (performance.now() - start) / 1000;
      latencies.sort((a, b) => a - b);
      const ok = latencies.length;
      resolve({
        rps: total / elapsedS,
        p50: Math.round(percentile(latencies, 50) * 10) / 10,
        p99: Math.round(percentile(latencies, 99) * 10) / 10,
        total,
        failed: total - ok,
        errors,
        bytesPerResponse: ok ? bytes / ok : 0,
        statusCodes,
      });
    };
    const send = (dueAt: number) => {
      const body = spec.makeBody();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => {
            const code = String(res.statusCode);
            statusCodes[code] = (statusCodes[code] ?? 0) + 1;
            if (code.startsWith('2')) latencies.push(performance.now() - dueAt);
            done();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        done();
      });
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * spec.rate) / 1000) + 1);
      for (; sent < due; sent++) send(start + (sent * 1000) / spec.rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

/** The warm-up, then the measured run. */
export async function runPaced(spec: PacedSpec): Promise<LoadResult> {
  if (spec.warmupS > 0) await paced(spec, spec.warmupS);
  return withCpuPerRequest(spec.cpu, () => paced(spec, spec.durationS));
}

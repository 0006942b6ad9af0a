/** Load generation with autocannon's programmatic API, run from this process against a child server. */
import autocannon from 'autocannon';
import { machineBusyMs } from './proc.ts';

/** What to send, how hard and for how long. */
export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  /** JSON body; `[<id>]` in it is replaced by a fresh id per request. */
  body?: unknown;
  /** A new JSON body text for every request (instead of `body`). */
  makeBody?: () => string;
  /** Told the body and status of every answered request made with `makeBody`. */
  onAnswer?: (body: string, status: number) => void;
  /** Requests per second in all (open-loop pacing); absent: as fast as the server answers. */
  overallRate?: number;
  token?: string;
  connections: number;
  durationS: number;
  /** An unrecorded run first, so that JIT and caches are warm. */
  warmupS: number;
  /** CPU ms used so far by the server's processes, by name; read before and after the measured run. */
  cpu?: () => Record<string, number>;
}

/** The figures kept from one run. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  /** Responses outside 2xx plus connection errors and timeouts. */
  failed: number;
  /** Connection errors and timeouts alone. */
  errors: number;
  bytesPerResponse: number;
  statusCodes: Record<string, number>;
  /** CPU ms per request during the measured run, by process group (this load generator included). */
  cpuPerRequest: Record<string, number>;
}

function cpuReading(spec: LoadSpec): Record<string, number> {
  const own = process.cpuUsage();
  const given = spec.cpu?.() ?? {};
  // A load generator in a child process (paced runs) adds to this one's.
  return { ...given, 'load generator': (given['load generator'] ?? 0) + (own.user + own.system) / 1000 };
}

function options(spec: LoadSpec, durationS: number): autocannon.Options {
  const headers: Record<string, string> = {};
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  if (spec.body !== undefined || spec.makeBody) headers['content-type'] = 'application/json';
  const makeBody = spec.makeBody;
  return {
    url: spec.url,
    method: spec.method ?? 'GET',
    headers,
    body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
    idReplacement: spec.body !== undefined,
    ...(makeBody
      ? {
          requests: [
            {
              setupRequest: (req, context: { body?: string }) => {
                context.body = makeBody();
                return { ...req, body: context.body };
              },
              onResponse: (status: number, _body: string, context: { body?: string }) =>
                spec.onAnswer?.(context.body ?? '', status),
            },
          ],
        }
      : {}),
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    connections: spec.connections,
    duration: durationS,
    timeout: 10,
  };
}

/**
 * Runs `run` and adds the CPU each process group spent per request meanwhile (`cpu` names the
 * server's processes; this load generator and everything else on the machine are counted too).
 */
export async function withCpuPerRequest(
  cpu: LoadSpec['cpu'],
  run: () => Promise<Omit<LoadResult, 'cpuPerRequest'>>,
): Promise<LoadResult> {
  const reading = () => cpuReading({ cpu } as LoadSpec);
  const before = reading();
  const busyBefore = machineBusyMs();
  const r = await run();
  const busy = machineBusyMs() - busyBefore;
  const after = reading();
  const perRequest = (ms: number) => ms / (r.total || 1);
  const cpuPerRequest: Record<string, number> = {};
  let ours = 0;
  for (const [name, ms] of Object.entries(after)) {
    ours += ms - (before[name] ?? 0);
    cpuPerRequest[name] = perRequest(ms - (before[name] ?? 0));
  }
  // Anything else running on the machine competes for the same cores and skews the figures.
  cpuPerRequest['other processes'] = perRequest(Math.max(0, busy - ours));
  return { ...r, cpuPerRequest };
}

/** Runs the warm-up, then the measured run; returns req/s, latency percentiles and failures. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupS > 0) await autocannon(options(spec, spec.warmupS));
  return withCpuPerRequest(spec.cpu, async () => {
    const r = await autocannon(options(spec, spec.durationS));
    const statusCodes: Record<string, number> = {};
    for (const [code, stat] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      failed: r.non2xx + r.errors,
      errors: r.errors,
      bytesPerResponse: r.requests.total ? r.throughput.total / r.requests.total : 0,
      statusCodes,
    };
  });
}

/** Where the CPU went, e.g. "CPU ms per request: expedite node 0.85, PostgreSQL 0.99, …". */
export function cpuSummary(r: LoadResult): string {
  const parts = Object.entries(r.cpuPerRequest).map(([who, ms]) => `${who} ${ms.toFixed(2)}`);
  return `CPU ms per request: ${parts.join(', ')}`;
}

/** One line for the log: req/s, latency, size, failures and CPU per request. */
export function describe(name: string, r: LoadResult): string {
  const codes = Object.entries(r.statusCodes)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
  return (
    `  ${name}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
    `${(r.bytesPerResponse / 1024).toFixed(1)} kB/response, ${r.total} requests [${codes}]` +
    (r.failed ? `, ${r.failed} failed` : '') +
    `\n    ${cpuSummary(r)}`
  );
}

/**
 * Runs `run` `n` times, one after another; returns the run whose `value` is the median (the lower
 * middle one for an even count) and every run's value in order. The host's speed varies from one
 * minute to the next (the same code's CPU per request by up to 1.6× between neighbouring runs), so
 * one 10 s run is a sample of the host as much as of the code.
 */
export async function medianRun<R>(
  n: number,
  run: (i: number) => Promise<R>,
  value: (r: R) => number,
): Promise<{ median: R; values: number[] }> {
  const results: R[] = [];
  for (let i = 0; i < n; i++) results.push(await run(i));
  const sorted = [...results].sort((a, b) => value(a) - value(b));
  return { median: sorted[Math.floor((n - 1) / 2)]!, values: results.map(value) };
}

/**
 * The Prometheus HTTP API as verification reads it: the instant value of a query (`/api/v1/query`)
 * and its series over a range for the chart (`/api/v1/query_range`), through the outbound policy.
 * The base URL is an admin setting kept in `settings`.
 */
import type { Queryable } from '../db/pool.ts';
import type { Outbound } from '../outbound/index.ts';

const KEY = 'prometheus';
const TIMEOUT_MS = 10_000;

/** The configured base URL of the Prometheus API, or null. */
export async function prometheusBase(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ base: string | null }>(
    `SELECT value->>'baseUrl' AS base FROM settings WHERE key = $1`,
    [KEY],
  );
  return rows[0]?.base ?? null;
}

/** Sets (or clears) the base URL. */
export async function savePrometheusBase(db: Queryable, baseUrl: string | null, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [KEY, JSON.stringify({ baseUrl }), at],
  );
}

/** An answer read: a value (null when the query has no data), or why there is none. */
export type Reading = { ok: true; value: number | null } | { ok: false; error: string };

/** A point of a series. */
export interface Point {
  at: Date;
  value: number;
}

type Sample = [number, string];

/** Sends a GET to the API and returns its `data`, or throws an Error in plain words. */
async function apiGet(outbound: Outbound, base: string, path: string, params: Record<string, string>) {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await outbound.send(
    url.toString(),
    { method: 'GET', headers: { accept: 'application/json' } },
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  const text = await res.text();
  let body: { status?: string; data?: { resultType?: string; result?: unknown }; error?: string };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`Prometheus answered ${res.status} without JSON`);
  }
  if (body.status !== 'success' || !body.data)
    throw new Error(
      `Prometheus refused the query (${res.status}): ${String(body.error ?? 'no reason given')}`,
    );
  return body.data;
}

/** A sample's value; NaN (no meaningful value) is null. */
function sampleValue(s: unknown): number | null {
  if (!Array.isArray(s) || s.length < 2) return null;
  const v = Number(s[1]);
  return Number.isNaN(v) ? null : v;
}

/**
 * The instant value of `query` now: of a vector the worst of its series (the highest when high is
 * bad, the lowest when low is), of a scalar its value; no series: null.
 */
export async function instantValue(
  outbound: Outbound,
  base: string,
  query: string,
  worst: 'above' | 'below',
): Promise<Reading> {
  try {
    const data = await apiGet(outbound, base, 'api/v1/query', { query });
    let values: number[] = [];
    if (data.resultType === 'vector' && Array.isArray(data.result))
      values = (data.result as { value: Sample }[])
        .map((r) => sampleValue(r.value))
        .filter((v) => v !== null);
    else if (data.resultType === 'scalar') {
      const v = sampleValue(data.result);
      if (v !== null) values = [v];
    } else return { ok: false, error: `the query answers a ${String(data.resultType)}, not a value` };
    if (values.length === 0) return { ok: true, value: null };
    return { ok: true, value: worst === 'above' ? Math.max(...values) : Math.min(...values) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The series of `query` between `start` and `end` (the worst series at each step), for the chart. */
export async function rangeSeries(
  outbound: Outbound,
  base: string,
  query: string,
  worst: 'above' | 'below',
  start: Date,
  end: Date,
): Promise<{ ok: true; points: Point[] } | { ok: false; error: string }> {
  // About 120 points whatever the range, never finer than a second.
  const step = Math.max(1, Math.ceil((end.getTime() - start.getTime()) / 1000 / 120));
  try {
    const data = await apiGet(outbound, base, 'api/v1/query_range', {
      query,
      start: (start.getTime() / 1000).toFixed(3),
      end: (end.getTime() / 1000).toFixed(3),
      step: String(step),
    });
    if (data.resultType !== 'matrix' || !Array.isArray(data.result))
      return { ok: false, error: `the query answers a ${String(data.resultType)}, not a series` };
    const byTime = new Map<number, number>();
    for (const series of data.result as { values?: Sample[] }[])
      for (const s of series.values ?? []) {
        const v = sampleValue(s);
        if (v === null) continue;
        const prev = byTime.get(s[0]);
        byTime.set(s[0], prev === undefined ? v : worst === 'above' ? Math.max(prev, v) : Math.min(prev, v));
      }
    const points = [...byTime.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([t, value]) => ({ at: new Date(t * 1000), value }));
    return { ok: true, points };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Tries the configured Prometheus with `vector(1)`: ok when it answers 1, else why not in words
 * (none configured, the outbound policy, an unreachable host, an unexpected answer).
 */
export async function testPrometheus(
  db: Queryable,
  outbound: Outbound,
): Promise<{ ok: boolean; detail: string }> {
  const base = await prometheusBase(db);
  if (!base) return { ok: false, detail: 'No Prometheus is configured' };
  const r = await instantValue(outbound, base, 'vector(1)', 'above');
  if (!r.ok) return { ok: false, detail: `Could not query ${base}: ${r.error}` };
  if (r.value !== 1) return { ok: false, detail: `${base} answered ${String(r.value)} to vector(1), not 1` };
  return { ok: true, detail: `${base} answered vector(1) with 1` };
}

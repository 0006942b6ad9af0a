/**
 * How long the incident room's signals take to read (`GET /api/v1/incidents/{id}/signals`: the
 * events-per-minute chart and the alerts) for the incident with the most signals, next to the one
 * with the fewest, on a server that has just taken a few million signals. The chart reads per-minute
 * counts kept by the upkeep job plus the last minutes of signals (ADR 0015), so the two should cost
 * about the same however long the storm.
 */
import pg from 'pg';
import { request } from './http-client.ts';
import { median, type Metric } from './report.ts';
import { signIn, type ServerHandle } from './server.ts';

const READS = 21;

async function timedReads(url: string, token: string): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < READS; i++) {
    const start = performance.now();
    const reply = await request(url, { token });
    if (reply.status !== 200) throw new Error(`GET ${url}: ${reply.status} ${reply.body}`);
    ms.push(performance.now() - start);
  }
  return ms;
}

/** The read time of the busiest incident's signals, the quietest one's as the baseline. */
export async function signalsReadFigure(server: ServerHandle, dbUrl: string): Promise<Metric> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  let incidents: { incident_id: string; events: string }[];
  let counted: string;
  try {
    ({ rows: incidents } = await db.query<{ incident_id: string; events: string }>(
      `SELECT incident_id, sum(event_count) AS events FROM alerts WHERE incident_id IS NOT NULL
        GROUP BY 1 ORDER BY 2 DESC`,
    ));
    const { rows } = await db.query<{ share: string }>(
      `SELECT round(100.0 * count(*) FILTER (WHERE id <= (SELECT last_id FROM signal_upkeep)) / greatest(count(*), 1))
         AS share FROM signals`,
    );
    counted = rows[0]!.share;
  } finally {
    await db.end();
  }
  if (incidents.length === 0) throw new Error('no incident has alerts');
  const busiest = incidents[0]!;
  const quietest = incidents.at(-1)!;
  const { token } = await signIn(server);
  const read = (id: string) => timedReads(`${server.url}/api/v1/incidents/${id}/signals`, token);
  const busy = await read(busiest.incident_id);
  const quiet = await read(quietest.incident_id);
  return {
    name: 'incident signals read, busiest incident',
    unit: 'ms',
    value: median(busy),
    baseline: median(quiet),
    note:
      `median of ${READS} reads (slowest ${Math.max(...busy).toFixed(1)} ms); ${Number(busiest.events).toLocaleString('en-US')} ` +
      `signals, baseline the quietest incident (${Number(quietest.events).toLocaleString('en-US')}); ` +
      `${counted}% of all signals counted by the upkeep job at the time`,
  };
}

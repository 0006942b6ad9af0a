/**
 * Benchmarks of the web app: the JavaScript a browser downloads to show the home page (gzipped;
 * target ≤ 250 KB) next to a bare React page built by the same Vite in the same run, and the time
 * until the incident room with 2,000 timeline entries is interactive (target ≤ 1 s) next to the
 * same room with a handful of entries, and how soon a note added through the API shows in a room
 * open in the browser (live, target ≤ 1 s) next to the same note seen by reloading the room.
 */
import { embeddedUrl } from '../src/db/embedded/auth.ts';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { build } from 'vite';
import { ensureWebBuilt } from '../scripts/build-web.ts';
import { launchBrowser } from '../test/e2e/browser.ts';
import { requestJson } from './lib/http-client.ts';
import { median, type Metric } from './lib/report.ts';
import { admin, freePort, makeTempDir, repoRoot, signIn, startServer, stopServer } from './lib/server.ts';

const ENTRIES = 2_000;
const RUNS = 3;

const kb = (bytes: number) => bytes / 1024;

/** Gzipped size of every .js file under `dir`. */
function gzippedJs(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) {
      total += gzipSync(readFileSync(path.join(entry.parentPath, entry.name)), { level: 9 }).length;
    }
  }
  return total;
}

async function baselineBundle(): Promise<number> {
  const outDir = makeTempDir('web-baseline-');
  await build({
    root: path.join(repoRoot, 'bench', 'web-baseline'),
    plugins: [react()],
    logLevel: 'warn',
    configFile: false,
    build: { outDir, emptyOutDir: true },
  });
  return gzippedJs(outDir);
}

/** Inserts `count` notes on a new incident, straight in SQL; returns the incident number. */
async function incidentWithNotes(dbUrl: string, userId: string, count: number): Promise<number> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; number: number }>(
      `INSERT INTO incidents (title, tagline, decision, status, created_by, created_at, updated_at)
       VALUES ($1, $1, 'product-owner', 'investigating', $2, now(), now()) RETURNING id, number`,
      [`Timeline of ${count}`, userId],
    );
    await db.query(
      `INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data)
       SELECT $1, now() - (($2 - g) * interval '1 minute'), $3, 'note', jsonb_build_object('text', 'Bench note ' || g)
         FROM generate_series(1, $2::int) g`,
      [rows[0]!.id, count, userId],
    );
    return rows[0]!.number;
  } finally {
    await db.end();
  }
}

/** Runs the web benchmarks against a fresh server. */
export async function runWebBench(): Promise<Metric[]> {
  ensureWebBuilt();
  const metrics: Metric[] = [];
  const dataDir = makeTempDir('web-bench-');
  const pgPort = await freePort();
  const { server } = await startServer({
    port: await freePort(),
    dataDir,
    env: { EXPEDITE_PG_PORT: String(pgPort) },
  });
  const browser = await launchBrowser();
  try {
    const { userId } = await signIn(server);
    const dbUrl = embeddedUrl(dataDir, pgPort, 'expedite');
    const context = await browser.newContext();
    await context.request.post(`${server.url}/api/v1/auth/login`, { data: admin });

    // First load: every script the browser fetches to show the home page, gzipped.
    const page = await context.newPage();
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.set(res.url(), res.body());
    });
    await page.goto(server.url, { waitUntil: 'networkidle' });
    let firstLoad = 0;
    for (const body of scripts.values()) firstLoad += gzipSync(await body, { level: 9 }).length;
    metrics.push({
      name: 'first-load JS (home, gzipped)',
      unit: 'KB',
      value: kb(firstLoad),
      baseline: kb(await baselineBundle()),
      target: { op: '<=', limit: 250 },
      note: `${scripts.size} scripts; baseline is a bare React page`,
    });

    // The incident room: navigation until the newest entry is shown and the note box takes input.
    const roomMs = async (number: number, newest: number) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await page.goto(`${server.url}/incidents/${number}`);
        await page.getByText(`Bench note ${newest}`, { exact: true }).first().waitFor({ timeout: 30_000 });
        await page.getByRole('textbox', { name: /note/i }).first().fill('typing works');
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const small = await incidentWithNotes(dbUrl, userId, 5);
    const large = await incidentWithNotes(dbUrl, userId, ENTRIES);
    const baselineMs = await roomMs(small, 5);
    metrics.push({
      name: `incident room interactive, ${ENTRIES.toLocaleString('en-US')} entries`,
      unit: 'ms',
      value: await roomMs(large, ENTRIES),
      baseline: baselineMs,
      target: { op: '<=', limit: 1000 },
      note: `median of ${RUNS}; baseline is the same room with 5 entries`,
    });

    // Live: a note added elsewhere shows in the open room; the baseline reloads the room instead.
    const { token } = await signIn(server);
    const addNote = (text: string) =>
      requestJson(`${server.url}/api/v1/incidents/${small}/notes`, {
        method: 'POST',
        token,
        json: { text },
        expected: 201,
      });
    const live: number[] = [];
    const reloaded: number[] = [];
    await page.goto(`${server.url}/incidents/${small}`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    for (let i = 0; i < RUNS * 2; i++) {
      const text = `Live note ${i}`;
      const started = performance.now();
      await addNote(text);
      await page.getByText(text, { exact: true }).first().waitFor({ timeout: 30_000 });
      live.push(performance.now() - started);
    }
    for (let i = 0; i < RUNS * 2; i++) {
      const text = `Reloaded note ${i}`;
      const started = performance.now();
      await addNote(text);
      await page.reload();
      await page.getByText(text, { exact: true }).first().waitFor({ timeout: 30_000 });
      reloaded.push(performance.now() - started);
    }
    metrics.push({
      name: 'a note shows live in an open room',
      unit: 'ms',
      value: median(live),
      baseline: median(reloaded),
      target: { op: '<=', limit: 1000 },
      note: `median of ${live.length}, slowest ${Math.round(Math.max(...live))} ms; baseline reloads the room`,
    });
    await requestJson(`${server.url}/healthz`);
  } finally {
    await browser.close();
    await stopServer(server);
  }
  return metrics;
}

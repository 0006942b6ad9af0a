/**
 * The real Prometheus (Debian's `prometheus`) on loopback for smoke tests, scraping a small exporter
 * the test controls: one gauge served as text at `/metrics`, whose value the test sets. One
 * throwaway instance per call, scraping every second, its storage in a temp dir.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded/postgres.ts';
import { startDaemon } from './daemon.ts';

/** Where the binary is; PROMETHEUS_BIN overrides Debian's path. */
export const prometheusBin = process.env.PROMETHEUS_BIN || '/usr/bin/prometheus';

/** Whether Prometheus is installed here. */
export function prometheusInstalled(): boolean {
  return existsSync(prometheusBin);
}

/** An exporter of one gauge whose value the test sets. */
export interface Exporter {
  /** host:port, for Prometheus's static target. */
  target: string;
  set(value: number): void;
  close(): Promise<void>;
}

/** Serves `# TYPE <name> gauge` and its current value at `/metrics`. */
export async function startExporter(name: string, initial: number): Promise<Exporter> {
  let value = initial;
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# HELP ${name} Errors per request, set by the test.\n# TYPE ${name} gauge\n${name} ${value}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    set: (v) => void (value = v),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Prometheus {
  url: string;
  output(): string;
  /** The instant value of `query` now (the first series), or null without data. */
  value(query: string): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `target` every second; waits for `GET /-/ready`. */
export async function startPrometheus(target: string, timeoutMs = 30_000): Promise<Prometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'expedite-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  // Prometheus reads YAML, and JSON is YAML.
  writeFileSync(
    configFile,
    JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ job_name: 'app', static_configs: [{ targets: [target] }] }],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon(
    'Prometheus',
    prometheusBin,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { dir, url, timeoutMs, pollMs: 100 },
  );
  return {
    ...daemon,
    async value(query) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
      const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
      const first = body.data?.result?.[0];
      return first ? Number(first.value[1]) : null;
    },
  };
}

/** Waits (real time, generous limit) until Prometheus has scraped `value` for `query`. */
export async function waitForValue(prom: Prometheus, query: string, value: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let seen: number | null = null;
  while (Date.now() < deadline) {
    seen = await prom.value(query).catch(() => null);
    if (seen === value) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Prometheus never showed ${query} = ${value} (last ${seen}):\n${prom.output().slice(-3000)}`,
  );
}

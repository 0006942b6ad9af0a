/**
 * Runs the real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) on loopback for smoke
 * tests: one throwaway instance per call, clustering off, its own storage dir, and alerts pushed to
 * its API the way Prometheus pushes them.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded/postgres.ts';
import { startDaemon } from './daemon.ts';

/** Where the binary is; ALERTMANAGER_BIN overrides Debian's path. */
export const alertmanagerBin = process.env.ALERTMANAGER_BIN || '/usr/bin/prometheus-alertmanager';

/** Whether the Alertmanager binary is installed here. */
export function alertmanagerInstalled(): boolean {
  return existsSync(alertmanagerBin);
}

/** A route with timings short enough for a test: first notification at once, then every second. */
export interface AlertmanagerRoute {
  receiver: string;
  group_by: string[];
  group_wait: string;
  group_interval: string;
  repeat_interval: string;
}

/**
 * The configuration, as an object: Alertmanager reads YAML, and JSON is YAML, so it is written
 * with JSON.stringify. Receivers follow Alertmanager's own field names.
 */
export interface AlertmanagerConfig {
  route: AlertmanagerRoute;
  receivers: ({ name: string } & Record<string, unknown>)[];
}

/** One alert as Prometheus posts it to `POST /api/v2/alerts`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  /** In the future while firing; now or in the past resolves the alert. */
  endsAt?: string;
  generatorURL?: string;
}

export interface Alertmanager {
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Posts alerts to `/api/v2/alerts`; throws unless Alertmanager answers 200. */
  push(alerts: PostableAlert[]): Promise<void>;
  /** The alerts Alertmanager holds (`GET /api/v2/alerts`), each with its fingerprint. */
  alerts(): Promise<{ fingerprint: string; labels: Record<string, string>; status: { state: string } }[]>;
  /** SIGTERM (SIGKILL after 5 s), then removes the config and storage. */
  stop(): Promise<void>;
}

/** A config with one receiver that every alert goes to, grouped by alertname, notified within a second. */
export function singleReceiverConfig(receiver: Record<string, unknown>): AlertmanagerConfig {
  return {
    route: {
      receiver: 'expedite',
      group_by: ['alertname'],
      group_wait: '0s',
      group_interval: '1s',
      repeat_interval: '1h',
    },
    receivers: [{ name: 'expedite', ...receiver }],
  };
}

/** Starts Alertmanager with `config` on a free loopback port and waits for `GET /-/ready`. */
export async function startAlertmanager(
  config: AlertmanagerConfig,
  timeoutMs = 15_000,
): Promise<Alertmanager> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'expedite-alertmanager-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon(
    'Alertmanager',
    alertmanagerBin,
    [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
    { dir, url, timeoutMs, pollMs: 50 },
  );
  return {
    ...daemon,
    async push(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (res.status !== 200)
        throw new Error(`Alertmanager refused alerts: ${res.status} ${await res.text()}`);
    },
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`);
      if (res.status !== 200) throw new Error(`Alertmanager alerts: ${res.status} ${await res.text()}`);
      return (await res.json()) as Awaited<ReturnType<Alertmanager['alerts']>>;
    },
  };
}

/** Labels and annotations as a Prometheus rule would send; `firing` sets endsAt ahead, else now. */
export function prometheusAlert(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  startsAt: Date,
  firing: boolean,
): PostableAlert {
  return {
    labels,
    annotations,
    startsAt: startsAt.toISOString(),
    // Prometheus sends endsAt a few evaluation intervals ahead while the rule fires.
    endsAt: new Date(firing ? Date.now() + 5 * 60_000 : Date.now()).toISOString(),
    generatorURL: `http://prometheus.example:9090/graph?g0.expr=${encodeURIComponent(labels.alertname ?? '')}`,
  };
}

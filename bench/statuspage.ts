/**
 * The public status page under load: 100 concurrent readers of `/status/<slug>` while alerts are
 * ingested at 1,000 a second (open loop, mapped to the page's service, so incidents change and the
 * page's cache is refreshed all along), next to nginx (the Debian package) serving the same HTML
 * from a file in the same run, under the same ingest. Targets: at least half of nginx's requests/s
 * and p99 ≤ 20 ms. nginx runs one worker process, as Expedite runs one Node process. Without
 * nginx installed the benchmark says it is skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { embeddedUrl } from '../src/db/embedded/auth.ts';
import { requestJson } from './lib/http-client.ts';
import { describe, runLoad, type LoadResult } from './lib/load.ts';
import { runPaced } from './lib/paced.ts';
import { serverProcesses, freePort, makeTempDir, signIn, startServer, stopServer } from './lib/server.ts';
import { cpuMs, descendants } from './lib/proc.ts';
import type { Metric } from './lib/report.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const READERS = 100;
const DURATION_S = 10;
const WARMUP_S = 3;
const INGEST_RATE = 1_000;

async function startNginx(root: string, port: number): Promise<ChildProcess> {
  const conf = path.join(root, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${root}/body;
  proxy_temp_path ${root}/proxy;
  fastcgi_temp_path ${root}/fastcgi;
  uwsgi_temp_path ${root}/uwsgi;
  scgi_temp_path ${root}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root}/www;
    location / { default_type text/html; try_files /index.html =404; }
  }
}
`,
  );
  const child = spawn(NGINX!, ['-c', conf, '-p', root], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('nginx did not start');
}

/** Runs the status page benchmark against a fresh server and nginx. */
export async function runStatusPageBench(): Promise<Metric[]> {
  if (!NGINX) {
    console.log('\n# Status page: skipped (nginx is not installed; apt-get install nginx)');
    return [];
  }
  console.log(
    `\n# Status page: ${READERS} readers while ${INGEST_RATE} alerts/s are ingested, next to nginx`,
  );
  const dataDir = makeTempDir('statuspage-bench-');
  const pgPort = await freePort();
  const { server } = await startServer({
    port: await freePort(),
    dataDir,
    env: { EXPEDITE_PG_PORT: String(pgPort) },
  });
  let nginx: ChildProcess | undefined;
  try {
    const { token } = await signIn(server);
    const api = <T>(method: 'POST' | 'GET', url: string, json?: unknown, expected = 201) =>
      requestJson<T>(`${server.url}/api/v1${url}`, { method, token, ...(json ? { json } : {}), expected });
    const made = await api<{ key: string; integration: { id: string } }>('POST', '/integrations', {
      name: 'bench',
      type: 'alertmanager',
      rateLimitPerMinute: 10_000_000,
    });
    const db = new pg.Client({ connectionString: embeddedUrl(dataDir, pgPort, 'expedite') });
    await db.connect();
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO services (name, created_at) VALUES ('checkout-api', now()) RETURNING id`,
    );
    const serviceId = rows[0]!.id;
    await db.query('UPDATE integrations SET service_id = $1 WHERE id = $2', [serviceId, made.integration.id]);
    await db.end();
    const page = await api<{ id: string }>('POST', '/status-pages', { name: 'Bench status', slug: 'bench' });
    for (const name of ['Checkout', 'Search', 'Accounts', 'Email'])
      await api(
        'POST',
        `/status-pages/${page.id}/components`,
        name === 'Checkout' ? { name, serviceId } : { name },
      );
    const url = `${server.url}/status/bench`;
    const html = await (await fetch(url)).text();

    const root = makeTempDir('statuspage-nginx-');
    // nginx's worker runs as nobody when started as root: it must be able to read the file.
    chmodSync(root, 0o755);
    mkdirSync(path.join(root, 'www'), { mode: 0o755 });
    writeFileSync(path.join(root, 'www', 'index.html'), html);
    const nginxPort = await freePort();
    nginx = await startNginx(root, nginxPort);

    const cpu = () => {
      const { node, postgres } = serverProcesses(server);
      return {
        'expedite node': cpuMs(node),
        PostgreSQL: cpuMs(postgres),
        nginx: nginx?.pid ? cpuMs([nginx.pid, ...descendants(nginx.pid)]) : 0,
      };
    };
    const readers = (target: string): Promise<LoadResult> =>
      runLoad({ url: target, connections: READERS, durationS: DURATION_S, warmupS: WARMUP_S, cpu });
    // Ingest runs through both measurements (and their warm-ups).
    const ingest = runPaced({
      url: `${server.url}/api/v1/hooks/${made.key}`,
      prefix: 'statuspage-bench',
      rate: INGEST_RATE,
      durationS: 2 * (DURATION_S + WARMUP_S) + 4,
      warmupS: 2,
      cpu,
    });
    await new Promise((r) => setTimeout(r, 2_000));
    const ours = await readers(url);
    console.log(describe('status page (Expedite)', ours));
    const theirs = await readers(`http://127.0.0.1:${nginxPort}/`);
    console.log(describe('same HTML (nginx)', theirs));
    const ingested = await ingest;
    console.log(describe('ingest meanwhile', ingested));
    const note =
      `${READERS} readers, ${DURATION_S} s; ingest ${Math.round(ingested.rps)} alerts/s ` +
      `(p99 ${ingested.p99} ms, ${ingested.failed} failed); baseline: nginx, one worker, same HTML`;
    return [
      {
        name: 'status page under ingest',
        unit: 'req/s',
        value: ours.rps,
        baseline: theirs.rps,
        target: { op: '>=', limit: theirs.rps / 2 },
        note: `${note}; target: half of nginx's rate`,
      },
      {
        name: 'status page p99 under ingest',
        unit: 'ms',
        value: ours.p99,
        baseline: theirs.p99,
        target: { op: '<=', limit: 20 },
        note,
      },
    ];
  } finally {
    nginx?.kill();
    await stopServer(server);
  }
}

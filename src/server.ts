/**
 * Starts and stops Expedite: take the data-dir lock, listen (health answers 503 while starting),
 * start the embedded PostgreSQL unless DATABASE_URL is set, migrate, make sure someone can sign in,
 * then serve (HTTPS when given a certificate). SIGTERM/SIGINT/SIGHUP stop accepting, finish in-flight requests and stop PostgreSQL.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.ts';
import { bootstrap } from './auth/bootstrap.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { embeddedUrl } from './db/embedded/auth.ts';
import { acquireDataDirLock } from './db/embedded/lock.ts';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded/postgres.ts';
import { migrate } from './db/migrate.ts';
import { createPool, isDatabaseUnavailable } from './db/pool.ts';

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/**
 * The certificate and key for HTTPS, read at start; a missing, unreadable or unusable file stops
 * the server with a message naming the variable and the file.
 */
export function readTls(files: NonNullable<Config['tls']>): { cert: Buffer; key: Buffer } {
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`${name}: cannot read ${file} (${(err as Error).message})`, { cause: err });
    }
  };
  const pair = {
    cert: read('EXPEDITE_TLS_CERT', files.certFile),
    key: read('EXPEDITE_TLS_KEY', files.keyFile),
  };
  try {
    tls.createSecureContext(pair);
  } catch (err) {
    throw new Error(
      `EXPEDITE_TLS_CERT (${files.certFile}) and EXPEDITE_TLS_KEY (${files.keyFile}) are not a usable ` +
        `PEM certificate and matching private key: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return pair;
}

/** Starts the server; rejects (after cleaning up) if any step fails. */
export async function startServer(config: Config): Promise<RunningServer> {
  const log = pino({ level: config.logLevel, base: { service: 'expedite' } });
  const https = config.tls && readTls(config.tls);
  let embedded: EmbeddedPostgres | undefined;
  let lock: { release(): void } | undefined;
  let dbUrl = config.databaseUrl;
  let pgPort: number | undefined;
  if (!dbUrl) {
    mkdirSync(config.dataDir, { recursive: true });
    lock = acquireDataDirLock(config.dataDir);
    pgPort = config.pgPort || (await freePort());
    dbUrl = embeddedUrl(config.dataDir, pgPort, 'expedite');
  }
  const pool = createPool(dbUrl, config.dbPool);
  const readiness = { ready: false };
  const app = await buildApp({ pool, clock: systemClock, config }, { logger: log, readiness, https });

  const stop = async () => {
    readiness.ready = false;
    await app.close();
    await pool.end().catch(() => {});
    await embedded?.stop();
    lock?.release();
  };

  try {
    await app.listen({ port: config.port, host: config.host });
    // On a port chosen by the system (PORT=0), links point at the port actually in use.
    const listening = app.server.address();
    if (config.publicUrl.endsWith(':0') && typeof listening === 'object' && listening)
      config.publicUrl = config.publicUrl.replace(/:0$/, `:${listening.port}`);
    if (lock) {
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        database: 'expedite',
        port: pgPort,
        lock,
        runAs: config.pgUser,
        log: (msg) => log.info(msg),
      });
      log.info({ dataDir: config.dataDir, pid: embedded.pid }, 'embedded PostgreSQL ready');
    }
    const applied = await migrate(pool);
    if (applied.length) log.info({ applied }, 'migrations applied');
    const boot = await bootstrap(pool, config, systemClock);
    if (boot.kind === 'admin-created')
      log.info({ email: boot.email }, 'first admin created from EXPEDITE_ADMIN_EMAIL');
    if (boot.kind === 'setup-link') {
      log.warn(
        { setupUrl: boot.url },
        `no users yet: open ${boot.url} to create the first admin (one-time link)`,
      );
    }
    // With the embedded database this is the only instance: jobs leased before a crash are free.
    await app.startWork({ sole: lock !== undefined });
    // Ready (healthz 200, routes served) once every domain's start work is done, as the log says.
    readiness.ready = true;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `${https ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    log.info({ url }, `Expedite is ready at ${url}`);
    return { app, url, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

/**
 * Runs until SIGTERM, SIGINT or SIGHUP; a second signal exits at once. The same signal again within
 * a second counts once: a Ctrl-C reaches both this process and the `expedite` wrapper that passes
 * it on (bin/expedite.js), so it arrives twice.
 */
export async function serveForever(config: Config): Promise<void> {
  const server = await startServer(config);
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first) {
      if (first.signal === signal && Date.now() - first.at < 1000) return;
      process.exit(1);
    }
    first = { signal, at: Date.now() };
    server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    server
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
  // Last resort: a lost database connection that some code did not expect is logged, and the
  // server carries on (it recovers when the database is back); anything else still ends it.
  const lastResort = (kind: string) => (err: unknown) => {
    if (isDatabaseUnavailable(err)) {
      server.app.log.error({ err }, `${kind}: a lost database connection was not handled where it happened`);
      return;
    }
    server.app.log.fatal({ err }, kind);
    process.exit(1);
  };
  process.on('unhandledRejection', lastResort('unhandled rejection'));
  process.on('uncaughtException', lastResort('uncaught exception'));
}

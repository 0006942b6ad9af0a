/**
 * Configuration from the environment, read and validated once at start. A bad value stops the
 * server with a message naming the variable instead of failing later.
 */
import os from 'node:os';
import path from 'node:path';
import { notifyConfigFromEnv, type NotifyConfig } from './config-channels.ts';

/** Everything the server reads from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** External PostgreSQL; when absent the embedded server under dataDir is used. */
  databaseUrl?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Public base URL used in links (setup link, later in messages). */
  publicUrl: string;
  logLevel: string;
  /** Marks the session cookie Secure; on by default when publicUrl is https. */
  secureCookies: boolean;
  /** The built web app (index.html and assets); empty disables it. */
  webDir: string;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Largest accepted signal delivery (webhook body) in bytes. */
  signalBodyLimit: number;
  /** Largest accepted upload (screenshot, video, HAR file) in bytes. */
  uploadLimit: number;
  /** Where uploads are stored (content-addressed). */
  uploadsDir: string;
  /** Database connections per instance, the two listeners (jobs, live events) included. */
  dbPool: number;
  /** Days signals and deliveries are kept (an incident's rate chart keeps its counts); 0: for ever. */
  signalRetentionDays: number;
  /** Trust `X-Forwarded-*` from a load balancer in front (EXPEDITE_TRUST_PROXY). */
  trustProxy: boolean;
  /** Port of the embedded PostgreSQL; 0 picks a free one (EXPEDITE_PG_PORT). */
  pgPort: number;
  /** Account the embedded PostgreSQL runs as when Expedite runs as root (EXPEDITE_PG_USER). */
  pgUser?: string;
  /** The outgoing channels (email, Slack, Twilio, webhooks); null leaves one off. */
  channels: NotifyConfig;
  /** PEM certificate and key files: HTTPS served directly (EXPEDITE_TLS_CERT, EXPEDITE_TLS_KEY). */
  tls?: { certFile: string; keyFile: string };
  /** A bearer token that may read /metrics, for a scraper (EXPEDITE_METRICS_TOKEN). */
  metricsToken?: string;
  /** /metrics answers anyone, e.g. on a private network (EXPEDITE_METRICS_PUBLIC=true). */
  metricsPublic: boolean;
  /**
   * Hosts (`host` or `host:port`) outbound requests may reach although they resolve to loopback or
   * private addresses (EXPEDITE_OUTBOUND_ALLOW, comma-separated); admins add more in the app.
   */
  outboundAllow: string[];
  /** Minutes a product owner's question waits before a reminder, then the team's lead (EXPEDITE_DECISION_REMIND_MINUTES). */
  decisionRemindMinutes: number;
  /** Product owners' questions also go by SMS and call, night or day (EXPEDITE_DECISION_URGENT=true). */
  decisionUrgent: boolean;
}

/**
 * A few connections per core serve more than many: past that, PostgreSQL backends only contend
 * for the same cores and locks, and each connection is a backend's memory.
 */
export const defaultDbPool = () => 2 * os.availableParallelism() + 2;

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function poolSize(env: NodeJS.ProcessEnv): number {
  const n = intVar(env, 'EXPEDITE_DB_POOL', defaultDbPool());
  if (n < 3) throw new Error(`EXPEDITE_DB_POOL must be at least 3 (two listeners and requests), got ${n}`);
  return n;
}

function tlsFiles(env: NodeJS.ProcessEnv): Config['tls'] {
  const cert = env.EXPEDITE_TLS_CERT || undefined;
  const key = env.EXPEDITE_TLS_KEY || undefined;
  if (!cert && !key) return undefined;
  if (!cert || !key)
    throw new Error(
      `EXPEDITE_TLS_${cert ? 'KEY' : 'CERT'} must be set too: HTTPS needs a certificate and its key`,
    );
  return { certFile: path.resolve(cert), keyFile: path.resolve(key) };
}

function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.EXPEDITE_METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16)
    throw new Error('EXPEDITE_METRICS_TOKEN must be at least 16 characters (a random secret)');
  return token;
}

const allowEntry = /^(\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]]+)(:\d{1,5})?$/;

/** EXPEDITE_OUTBOUND_ALLOW: comma-separated hosts or host:ports, none by default. */
function outboundAllow(env: NodeJS.ProcessEnv): string[] {
  const entries = (env.EXPEDITE_OUTBOUND_ALLOW ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.find((e) => !allowEntry.test(e));
  if (bad) throw new Error(`EXPEDITE_OUTBOUND_ALLOW must list hosts or host:ports, got "${bad}"`);
  return entries;
}

/** Reads the configuration; throws an Error naming the variable on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intVar(env, 'PORT', 8080);
  if (port > 65535) throw new Error(`PORT must be at most 65535, got ${port}`);
  const host = env.HOST || '127.0.0.1';
  const tls = tlsFiles(env);
  const publicUrl = (
    env.EXPEDITE_PUBLIC_URL ||
    `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`
  ).replace(/\/+$/, '');
  return {
    port,
    host,
    dataDir: path.resolve(env.EXPEDITE_DATA_DIR || '.expedite'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminEmail: env.EXPEDITE_ADMIN_EMAIL || undefined,
    adminPassword: env.EXPEDITE_ADMIN_PASSWORD || undefined,
    publicUrl,
    logLevel: env.LOG_LEVEL || 'info',
    secureCookies: env.EXPEDITE_SECURE_COOKIES
      ? env.EXPEDITE_SECURE_COOKIES === 'true'
      : publicUrl.startsWith('https:'),
    bodyLimit: intVar(env, 'EXPEDITE_BODY_LIMIT', 1024 * 1024),
    dbPool: poolSize(env),
    signalBodyLimit: intVar(env, 'EXPEDITE_SIGNAL_BODY_LIMIT', 1024 * 1024),
    uploadLimit: intVar(env, 'EXPEDITE_UPLOAD_LIMIT', 50 * 1024 * 1024),
    signalRetentionDays: intVar(env, 'EXPEDITE_SIGNAL_RETENTION_DAYS', 30),
    trustProxy: env.EXPEDITE_TRUST_PROXY === 'true',
    pgPort: intVar(env, 'EXPEDITE_PG_PORT', 0),
    pgUser: env.EXPEDITE_PG_USER || undefined,
    channels: notifyConfigFromEnv(env),
    decisionRemindMinutes: Math.max(1, intVar(env, 'EXPEDITE_DECISION_REMIND_MINUTES', 60)),
    decisionUrgent: env.EXPEDITE_DECISION_URGENT === 'true',
    tls,
    metricsToken: metricsToken(env),
    metricsPublic: env.EXPEDITE_METRICS_PUBLIC === 'true',
    outboundAllow: outboundAllow(env),
    uploadsDir: path.resolve(
      env.EXPEDITE_UPLOADS_DIR || path.join(env.EXPEDITE_DATA_DIR || '.expedite', 'uploads'),
    ),
    webDir:
      env.EXPEDITE_WEB_DIR === undefined
        ? path.resolve(import.meta.dirname, '..', 'web', 'dist')
        : env.EXPEDITE_WEB_DIR && path.resolve(env.EXPEDITE_WEB_DIR),
  };
}

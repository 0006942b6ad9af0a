/**
 * The one PostgreSQL driver (`pg`). Domain stores take a `Queryable` so the same SQL runs on the
 * pool or inside a transaction.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { parseTimestamptz } from './timestamps.ts';

/** Anything that can run a query: the pool or a transaction's client. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

// Return int8 (bigint) columns such as incident numbers and counts as JS numbers: they stay far
// below 2^53 here, and numbers are what the API speaks.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// timestamptz: read fast, the driver's parser for the rare forms (see timestamps.ts).
const driverTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (
  s: string,
) => unknown;
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => parseTimestamptz(v, driverTimestamptz));

/**
 * Makes a client name every parameterised query after a hash of its SQL, so PostgreSQL parses and
 * plans it once per connection instead of on every call (planning cost more than running for
 * most of our queries). Queries without parameters (BEGIN, DDL, LISTEN) stay unnamed.
 */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

type Callback = (err: Error | null, result?: pg.QueryResult) => void;

/**
 * Runs a query through the driver's callback form and answers with a promise of our own. The
 * driver's own promise form kept each finished query reachable a while longer under steady load:
 * with the ingest writer on one connection, every young-generation collection copied and promoted
 * the finished queries and their parameters, and its pauses grew long enough to show in the
 * ingest latency's tail (ADR 0016). A failed query's stack is replaced with the
 * caller's, as the driver's promise form does.
 */
async function viaCallback(run: (config: pg.QueryConfig, cb: Callback) => unknown, config: pg.QueryConfig) {
  try {
    return await new Promise<pg.QueryResult>((resolve, reject) =>
      run(config, (err, result) => (err ? reject(err) : resolve(result!))),
    );
  } catch (err) {
    if (err instanceof Error) Error.captureStackTrace(err);
    throw err;
  }
}

function prepareByDefault(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  // (text, values) from our code, (text, values, callback) from the pool's own `pool.query`.
  const patched = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text !== 'string' || !Array.isArray(values)) return original(...args);
    const config = { name: statementName(text), text, values };
    if (args.length === 2) return viaCallback(original, config);
    if (args.length === 3 && typeof callback === 'function') return original(config, callback);
    return original(...args);
  };
  (client as unknown as { query: typeof patched }).query = patched;
}

/**
 * Opens a pool on `url`; `max` bounds connections per instance. Connections close after 5 s
 * unused (each is a PostgreSQL backend of 10–30 MB): an idle server keeps only its listeners'.
 */
export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 5_000,
    // A database that does not answer (a failover in progress) fails a request instead of holding it.
    connectionTimeoutMillis: 10_000,
  });
  pool.on('connect', (client) => {
    prepareByDefault(client);
    // A connection lost while checked out (a transaction between statements, a LISTEN) emits
    // `error` on its client; with no listener that ends the process. Its pending query fails
    // anyway, and the pool drops a broken client when it comes back.
    client.on('error', () => {});
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Socket errors of a connection that is gone or never came. */
const lostCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * True when `err` says the database is out of reach rather than that a statement was wrong: the
 * connection was refused, reset or ended (a restart, a failover, a terminated backend), the server
 * refuses new sessions for now (FATAL at connect, classes 08, 53 and 57P0x), or the pool timed out.
 * Such a failure passes: requests answer 503, jobs are tried again.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof pg.DatabaseError)
    return err.severity === 'FATAL' || err.severity === 'PANIC' || /^(08|53|57P0)/.test(err.code ?? '');
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && lostCodes.has(code)) return true;
  return /^Connection terminated|is not queryable|timeout exceeded when trying to connect/.test(err.message);
}

/** Work waiting for the commit of a transaction, per client inside `withTransaction`. */
const afterCommitWork = new WeakMap<object, ((db: Queryable) => Promise<void>)[]>();

/**
 * Runs `fn` once what `db` wrote is committed: right after COMMIT (on the same connection) when
 * `db` is a transaction of `withTransaction`, at once otherwise; never when it rolls back. Failures
 * of `fn` are swallowed: the change itself is committed. For announcements (NOTIFY): sent inside a
 * transaction, PostgreSQL holds one database-wide lock from the NOTIFY through the commit's disk
 * flush, so every announcing transaction would commit one at a time.
 */
export async function afterCommit(db: Queryable, fn: (db: Queryable) => Promise<void>): Promise<void> {
  const waiting = afterCommitWork.get(db);
  if (waiting) waiting.push(fn);
  else await fn(db).catch(() => {});
}

/** Runs `fn` in a transaction: commit on success, rollback on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: unknown;
  try {
    return await inTransaction(client, fn);
  } catch (err) {
    if (isDatabaseUnavailable(err)) lost = err;
    throw err;
  } finally {
    // A connection lost on the way goes back destroyed, not to be handed out again.
    client.release(lost === undefined ? undefined : lost instanceof Error ? lost : true);
  }
}

/** Runs `fn` in a transaction on `client`, a connection the caller holds: commit on success, rollback on any error. */
export async function inTransaction<T>(
  client: pg.PoolClient,
  fn: (tx: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const committed: ((db: Queryable) => Promise<void>)[] = [];
  try {
    await client.query('BEGIN');
    afterCommitWork.set(client, committed);
    const result = await fn(client);
    await client.query('COMMIT');
    afterCommitWork.delete(client);
    for (const work of committed) await work(client).catch(() => {});
    return result;
  } catch (err) {
    afterCommitWork.delete(client);
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

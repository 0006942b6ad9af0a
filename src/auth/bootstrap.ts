/**
 * First start: with no users, EXPEDITE_ADMIN_EMAIL and EXPEDITE_ADMIN_PASSWORD create the first
 * admin; without them a one-time setup link is made (its token hashed at rest) for the log.
 */
import type pg from 'pg';
import { audited } from '../audit/audited.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { hashPassword, hashSecret, newSecret } from './secrets.ts';
import { countUsers, insertUser } from './store.ts';
import type { User } from './schema.ts';

const SETUP_KEY = 'setup_token';
// Serialises first-admin creation across instances.
const BOOTSTRAP_LOCK = 7_245_310_002;

/** What start-up did: created the admin, printed a setup link, or nothing (users exist). */
export type BootstrapResult =
  { kind: 'admin-created'; email: string } | { kind: 'setup-link'; url: string } | { kind: 'ready' };

/** Ensures someone can get in on first start. */
export async function bootstrap(pool: pg.Pool, config: Config, clock: Clock): Promise<BootstrapResult> {
  const now = clock.now();
  const { result } = await audited(
    pool,
    async (tx): Promise<{ result: BootstrapResult; admin?: User }> => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      if ((await countUsers(tx)) > 0) return { result: { kind: 'ready' } };
      if (config.adminEmail && config.adminPassword) {
        if (config.adminPassword.length < 8)
          throw new Error('EXPEDITE_ADMIN_PASSWORD must be at least 8 characters');
        const admin = await insertUser(tx, {
          email: config.adminEmail,
          name: config.adminEmail.split('@')[0] ?? 'admin',
          role: 'admin',
          passwordHash: await hashPassword(config.adminPassword),
          at: now,
        });
        return { result: { kind: 'admin-created', email: admin.email }, admin };
      }
      const token = newSecret('exu');
      await tx.query(
        `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = $3`,
        [SETUP_KEY, JSON.stringify({ hash: hashSecret(token).toString('hex') }), now],
      );
      return { result: { kind: 'setup-link', url: `${config.publicUrl}/setup?token=${token}` } };
    },
    // Only a first admin made from the environment is a change to record.
    ({ admin }) =>
      admin
        ? {
            at: now,
            actorId: null,
            action: 'user.create',
            target: `user:${admin.id}`,
            data: { email: admin.email, role: 'admin', via: 'environment' },
          }
        : null,
  );
  return result;
}

/** Whether first-run setup is still open (no users yet). */
export async function setupOpen(pool: pg.Pool): Promise<boolean> {
  return (await countUsers(pool)) === 0;
}

/** Redeems the setup token: creates the first admin, once. */
export async function completeSetup(
  pool: pg.Pool,
  clock: Clock,
  input: { token: string; email: string; name: string; password: string },
): Promise<User> {
  const now = clock.now();
  return audited(
    pool,
    async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      if ((await countUsers(tx)) > 0)
        throw new AppError('conflict', 'Setup is already complete; sign in instead');
      const { rows } = await tx.query<{ value: { hash: string } }>(
        'SELECT value FROM settings WHERE key = $1',
        [SETUP_KEY],
      );
      const expected = rows[0]?.value.hash;
      if (!expected || expected !== hashSecret(input.token).toString('hex')) {
        throw new AppError('forbidden', 'The setup token is not valid; use the link from the server log');
      }
      await tx.query('DELETE FROM settings WHERE key = $1', [SETUP_KEY]);
      return insertUser(tx, {
        email: input.email,
        name: input.name,
        role: 'admin',
        passwordHash: await hashPassword(input.password),
        at: now,
      });
    },
    (user) => ({
      at: now,
      actorId: user.id,
      action: 'user.create',
      target: `user:${user.id}`,
      data: { email: user.email, role: 'admin', via: 'setup' },
    }),
  );
}

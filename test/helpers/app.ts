/**
 * An app on a fresh database, with one signed-in person per role, for integration tests through
 * `app.inject`.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type AppOptions } from '../../src/app.ts';
import type { Role } from '../../src/auth/permissions.ts';
import { roles } from '../../src/auth/permissions.ts';
import type { User } from '../../src/auth/schema.ts';
import { hashPassword, newSecret } from '../../src/auth/secrets.ts';
import { insertToken, insertUser } from '../../src/auth/store.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { fakesAllowEnv } from './fakes/allow.ts';

export const TEST_PASSWORD = 'test-password-1';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  clock: ManualClock;
  users: Record<Role, User & { token: string }>;
  /** `app.inject` as a role (or anonymously with `null`), JSON in and out. */
  call(
    as: Role | null,
    opts: InjectOptions,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Adds another person with a token. */
  addUser(role: Role, email: string, name?: string): Promise<User & { token: string }>;
  close(): Promise<void>;
}

/**
 * Builds the app on a fresh database with an admin, responder, support agent and stakeholder.
 * `env` adds to (or replaces) the test configuration, e.g. another EXPEDITE_OUTBOUND_ALLOW.
 */
export async function createTestApp(
  opts: Pick<AppOptions, 'channels' | 'twilioAuthToken' | 'logger'> & { env?: Record<string, string> } = {},
): Promise<TestApp> {
  const { env, ...appOpts } = opts;
  const db = await createTestDatabase();
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  const uploadsDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-uploads-'));
  const config = loadConfig({
    EXPEDITE_DATA_DIR: '/nonexistent',
    EXPEDITE_UPLOADS_DIR: uploadsDir,
    DATABASE_URL: db.url,
    EXPEDITE_WEB_DIR: '',
    // The fakes listen on 127.0.0.1: allow-listed, as an operator would, never the policy off.
    ...fakesAllowEnv,
    ...env,
  });
  const app = await buildApp({ pool: db.pool, clock, config }, { validateResponses: true, ...appOpts });
  await app.ready();
  const passwordHash = await hashPassword(TEST_PASSWORD);

  async function addUser(role: Role, email: string, name = email.split('@')[0]!) {
    const user = await insertUser(db.pool, { email, name, role, passwordHash, at: clock.now() });
    const token = newSecret('exp');
    await insertToken(db.pool, {
      userId: user.id,
      kind: 'api',
      name: 'test',
      secret: token,
      at: clock.now(),
      expiresAt: null,
    });
    return { ...user, token };
  }

  const users = {} as TestApp['users'];
  for (const role of roles)
    users[role] = await addUser(role, `${role}@example.com`, role[0]!.toUpperCase() + role.slice(1));

  return {
    app,
    db,
    clock,
    users,
    addUser,
    async call(as, opts) {
      const headers = {
        ...(opts.headers ?? {}),
        ...(as ? { authorization: `Bearer ${users[as].token}` } : {}),
      };
      const res = await app.inject({ ...opts, headers });
      let body: unknown = res.body;
      try {
        body = res.json();
      } catch {
        /* not JSON */
      }
      return { status: res.statusCode, body, headers: res.headers };
    },
    async close() {
      await app.close();
      await db.drop();
      rmSync(uploadsDir, { recursive: true, force: true });
    },
  };
}

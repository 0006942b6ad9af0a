/**
 * Browser tests run the real server on a fresh database and drive Debian's Chromium with
 * playwright-core. Each test file gets its own server; pages are checked for console errors and,
 * with axe-core, for serious or critical accessibility violations.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fakesAllowEnv } from '../helpers/fakes/allow.ts';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/** Where Debian installs Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. In CI they must run. */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  if (process.env.CI) throw new Error(`Chromium is required in CI but was not found at ${chromiumPath}`);
  return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
}

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'admin' };

/** A real server with the built web app on a fresh database. */
export interface WebServer {
  url: string;
  db: TestDatabase;
  stop(): Promise<void>;
}

/** Starts the server; with `admin: false` there are no users (first-run setup). */
export async function startWebServer(
  opts: { admin?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<WebServer> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-e2e-'));
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    EXPEDITE_DATA_DIR: dataDir,
    ...fakesAllowEnv,
    ...opts.env,
  };
  // EXPEDITE_WEB_DIR serves another build (e.g. one made to /tmp while web/dist is rebuilt).
  if (process.env.EXPEDITE_WEB_DIR) env.EXPEDITE_WEB_DIR = process.env.EXPEDITE_WEB_DIR;
  if (opts.admin !== false)
    Object.assign(env, { EXPEDITE_ADMIN_EMAIL: ADMIN.email, EXPEDITE_ADMIN_PASSWORD: ADMIN.password });
  const server: RunningServer = await startServer(loadConfig(env));
  return {
    url: server.url,
    db,
    async stop() {
      await server.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium as this machine allows (no sandbox as root, no background network). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A page that records console errors and uncaught exceptions into `errors`. */
export async function newPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    // A 401 while signed out is how the app learns it must show sign-in; the browser logs it.
    if (msg.type() === 'error' && !/status of 401/.test(msg.text())) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

/** Signs in through the sign-in form. */
export async function signIn(page: Page, baseUrl: string, who: { email: string; password: string } = ADMIN) {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

/**
 * Serious and critical axe-core violations on the page as it is now, as readable lines. CSS
 * transitions and animations are off while axe looks: text under an element fading in or out (a
 * dialog opening, a notification leaving over a scrolled dialog) would otherwise be measured
 * against what shows through that element, and fail or pass by timing alone.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated by the browser's own protocol, as the page's CSP allows no inline script tag.
  await page.evaluate(axe.source);
  const still = await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  // Runs in the page, where axe-core is now a global.
  const result = await page
    .evaluate(async () => {
      const g = globalThis as any;
      return (await g.axe.run(g.document, { resultTypes: ['violations'] })) as {
        violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
      };
    })
    .finally(() => still.evaluate((el) => el.remove()));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * `node scripts/screenshots.ts`: starts Expedite on a throwaway embedded database, fills it with
 * a few realistic incidents through the API, and saves screenshots of the main pages to
 * docs/screenshots/ (light and dark, desktop and phone) for the README.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { launchBrowser } from '../test/e2e/browser.ts';
import { ensureWebBuilt } from './build-web.ts';

const out = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const admin = { email: 'ada@example.com', password: 'screenshot-password' };

ensureWebBuilt();
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-shots-'));
const server = await startServer(
  loadConfig({
    EXPEDITE_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    EXPEDITE_ADMIN_EMAIL: admin.email,
    EXPEDITE_ADMIN_PASSWORD: admin.password,
  }),
);
const browser = await launchBrowser();
try {
  const api = async (method: string, url: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}/api/v1${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string; number: number };
  };
  const { token } = await api('POST', '/auth/login', admin);
  await api(
    'POST',
    '/users',
    { email: 'grace@example.com', name: 'Grace Hopper', role: 'responder', password: 'grace-password' },
    token,
  );
  const seed = [
    {
      title: 'Checkout fails with a 502 for every customer',
      scope: 'ALL-USERS',
      criticality: 'ALLBLOCK',
      area: 'BE',
      impact: { revenue: 'high', conversion: 'high' },
    },
    { title: 'Clicking on user details gives an error', scope: 'ADMINS', criticality: 'FBLOCK', area: 'FE' },
    {
      title: 'Invoice PDFs render without the logo',
      scope: 'USERS',
      criticality: 'FBEHAV',
      area: 'FE',
      impact: { experience: 'low' },
    },
    {
      title: 'Search results are slow since the last deploy',
      scope: 'ALL',
      criticality: 'FBEHAV',
      area: 'DEVOPS',
    },
    { title: 'One admin cannot export reports' },
  ];
  const created = [];
  for (const s of seed) created.push(await api('POST', '/incidents', s, token));
  const main = created[0]!.number;
  await api('POST', `/incidents/${main}/ownership`, {}, token);
  await api('POST', `/incidents/${main}/status`, { status: 'investigating' }, token);
  await api(
    'POST',
    `/incidents/${main}/notes`,
    { text: 'Error rate on /checkout jumped to 38% at 14:02, right after release 4.2.1.' },
    token,
  );
  await api('POST', `/incidents/${main}/roles`, { person: 'grace@example.com', role: 'comms-lead' }, token);
  await api(
    'POST',
    `/incidents/${main}/tasks`,
    { text: 'Roll back release 4.2.1', assignee: 'grace@example.com' },
    token,
  );
  await api('POST', `/incidents/${main}/status`, { status: 'fixing', note: 'Rolling back' }, token);
  await api(
    'POST',
    `/incidents/${main}/time`,
    { hours: 0.75, description: 'Investigation and rollback' },
    token,
  );

  const shoot = async (
    name: string,
    url: string,
    opts: { dark?: boolean; phone?: boolean; before?: (p: Page) => Promise<void> } = {},
  ) => {
    const context = await browser.newContext({
      viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
      deviceScaleFactor: opts.phone ? 2 : 1,
      colorScheme: opts.dark ? 'dark' : 'light',
    });
    await context.request.post(`${server.url}/api/v1/auth/login`, { data: admin });
    const page = await context.newPage();
    await page.goto(`${server.url}${url}`, { waitUntil: 'networkidle' });
    await opts.before?.(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    await context.close();
    console.log(`docs/screenshots/${name}.png`);
  };
  await shoot('home', '/');
  await shoot('declare', '/', {
    before: async (p) => {
      await p.keyboard.press('d');
      await p.getByRole('dialog').waitFor();
      await p.getByRole('dialog').getByRole('textbox').first().fill('Password reset emails are not sent');
    },
  });
  await shoot('incident-room', `/incidents/${main}`);
  await shoot('incident-room-dark', `/incidents/${main}`, { dark: true });
  await shoot('incident-room-phone', `/incidents/${main}`, { phone: true });
  await shoot('incidents', '/incidents?status=open');
  await shoot('policy', '/admin/policy');
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * The incident room: working an incident end to end (ownership, notes seen live in another browser,
 * status, reclassification, resolution), read-only roles, phones, an unknown number, a timeline of
 * 2,000 entries, and live updates across two server instances on one database.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';
import {
  accessibilityViolations,
  ADMIN,
  browserSkipReason,
  launchBrowser,
  newPage,
  startWebServer,
  type WebServer,
} from './browser.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let adminToken: string;
const GRACE = { email: 'grace@example.com', password: 'grace-password-1', name: 'Grace', role: 'responder' };
const SAM = { email: 'sam@example.com', password: 'sam-password-1', name: 'Sam', role: 'stakeholder' };

/** Calls the API of `base` with a bearer token; returns the JSON body. */
async function call(base: string, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function login(base: string, who: { email: string; password: string }): Promise<string> {
  return (await call(base, '', 'POST', '/auth/login', { email: who.email, password: who.password })).token;
}

/** A page in its own browser context, signed in as `who` on `base`. */
async function signedInPage(base: string, who = ADMIN, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  const res = await context.request.post(`${base}/api/v1/auth/login`, {
    data: { email: who.email, password: who.password },
  });
  assert.equal(res.status(), 200);
  return { context, ...(await newPage(context)) };
}

async function declare(title: string, classification = { scope: 'ADMINS', criticality: 'FBLOCK' }) {
  const body = { title, area: 'FE', ...classification };
  return (await call(server.url, adminToken, 'POST', '/incidents', body)).number;
}

async function openRoom(page: Page, base: string, n: number) {
  await page.goto(`${base}/incidents/${n}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await entry(page, 'declared the incident').waitFor();
}

/**
 * How long a change may take to show in another browser here. Nothing polls the room, so only the
 * live stream can bring it; the "within a second" figure is measured in bench/web.ts, not here,
 * where a busy machine would make it flaky.
 */
const LIVE = { timeout: 5_000 };

/** A timeline entry's text (not the screen-reader announcement of it). */
function entry(page: Page, text: string | RegExp) {
  return page.getByRole('list', { name: /^Timeline entries/ }).getByText(text);
}

/** Console errors except the failed requests a test provokes on purpose (e.g. 404, 409). */
function unexpected(errors: string[], status: number): string[] {
  return errors.filter((e) => !e.includes(`status of ${status}`));
}

before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launchBrowser();
  adminToken = await login(server.url, ADMIN);
  for (const person of [GRACE, SAM]) await call(server.url, adminToken, 'POST', '/users', person);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'work an incident: own it, a note appears live elsewhere, status, reclassify, resolve',
  { skip },
  async () => {
    const n = await declare('Clicking on user details gives an error');
    const a = await signedInPage(server.url);
    const b = await signedInPage(server.url);
    await openRoom(a.page, server.url, n);
    await openRoom(b.page, server.url, n);
    assert.match((await a.page.getByRole('heading', { level: 1 }).textContent()) ?? '', /ADMINS-FBLOCK-FE/);
    await a.page.getByText('Nobody yet').waitFor();
    assert.deepEqual(await accessibilityViolations(a.page), []);

    await a.page.getByRole('button', { name: 'Take ownership' }).click();
    await a.page.getByText(`You own #${n} now`).waitFor();
    await entry(b.page, 'took ownership').waitFor(LIVE);

    // A note sent with Ctrl+Enter in one browser shows in the other, live, without reload.
    await b.page.evaluate(() => ((globalThis as any).stillHere = true));
    const note = `Started after release 4.2.1 (${Date.now()})`;
    await a.page.getByRole('textbox', { name: 'Add a note' }).fill(note);
    await a.page.getByRole('textbox', { name: 'Add a note' }).press('Control+Enter');
    await entry(b.page, note).waitFor(LIVE);
    assert.equal(await b.page.evaluate(() => (globalThis as any).stillHere), true);
    assert.equal(await a.page.getByRole('textbox', { name: 'Add a note' }).inputValue(), '');
    // After the live event, B asked only for the entries after the last one it had.
    const reads = await b.page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => u.includes('/timeline?')),
    );
    assert.equal(reads.filter((u) => u.includes('after=0')).length, 1, reads.join('\n'));
    assert.ok(
      reads.some((u) => !u.includes('after=0')),
      reads.join('\n'),
    );

    // Status: only allowed moves are offered; Escape closes and focus returns to the button.
    await a.page.getByRole('button', { name: 'Change status' }).click();
    const statusDialog = a.page.getByRole('dialog', { name: `Change the status of #${n}` });
    await statusDialog.waitFor();
    const offered = await statusDialog
      .getByRole('radio')
      .evaluateAll((els) => els.map((e: any) => e.value as string));
    assert.deepEqual(offered, ['investigating', 'fixing', 'backlogged', 'declined']);
    assert.deepEqual(await accessibilityViolations(a.page), []);
    await a.page.keyboard.press('Escape');
    await statusDialog.waitFor({ state: 'hidden' });
    const focused = await a.page.evaluate(() => (globalThis as any).document.activeElement?.textContent);
    assert.equal(focused, 'Change status');
    await a.page.getByRole('button', { name: 'Change status' }).click();
    await statusDialog.getByRole('radio', { name: 'Investigating' }).check();
    await statusDialog.getByRole('button', { name: 'Change status' }).click();
    await statusDialog.waitFor({ state: 'hidden' });
    await entry(a.page, 'changed the status: Triage → Investigating').waitFor();
    await entry(b.page, 'changed the status: Triage → Investigating').waitFor(LIVE);

    // Reclassify in plain words; the new tagline, urgency and decision are shown.
    await a.page.getByRole('button', { name: 'Reclassify' }).click();
    const classify = a.page.getByRole('dialog', { name: `Reclassify #${n}` });
    await classify.getByLabel('Who is affected (scope)').selectOption('ALL');
    await classify.getByLabel('How bad is it (criticality)').selectOption('ALLBLOCK');
    await classify.getByLabel('Reason (optional)').fill('Every admin is blocked now');
    assert.deepEqual(await accessibilityViolations(a.page), []);
    await classify.getByRole('button', { name: 'Save classification' }).click();
    await a.page.getByText(/Reclassified\. Now ALL-ALLBLOCK-FE: .* · P1 · Expedite now/).waitFor();
    assert.match((await a.page.getByRole('heading', { level: 1 }).textContent()) ?? '', /^ALL-ALLBLOCK-FE/);
    await entry(a.page, 'scope: ADMINS (some admins) → ALL (everyone)').waitFor();

    // Resolving needs a summary: the field says so and nothing typed is lost.
    await a.page.getByRole('button', { name: 'Resolve' }).click();
    const resolve = a.page.getByRole('dialog', { name: `Resolve #${n}` });
    await resolve.getByLabel('Note (optional)').fill('Verified by support');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await resolve.getByText(/summary is required/).waitFor();
    assert.equal(await resolve.getByLabel('Note (optional)').inputValue(), 'Verified by support');
    await resolve.getByLabel('Resolution summary').fill('Rolled back release 4.2.1');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await resolve.waitFor({ state: 'detached' });
    await a.page.getByText('Rolled back release 4.2.1').first().waitFor();
    await entry(a.page, 'resolved the incident (was Investigating)').waitFor();
    await b.page.getByText('Resolution summary').waitFor(LIVE);
    assert.deepEqual(await accessibilityViolations(a.page), []);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
    await a.context.close();
    await b.context.close();
  },
);

test('taking an incident someone else owns explains the handover', { skip }, async () => {
  const n = await declare('Exports time out');
  await call(server.url, await login(server.url, GRACE), 'POST', `/incidents/${n}/ownership`);
  const { context, page, errors } = await signedInPage(server.url);
  await openRoom(page, server.url, n);
  await page.getByRole('button', { name: 'Take ownership' }).click();
  await page.getByText(/already has an owner; ask them to hand it over/).waitFor();
  await page.getByRole('button', { name: 'Hand over' }).click();
  const dialog = page.getByRole('dialog', { name: `Hand over #${n}` });
  await dialog.getByRole('button', { name: 'Hand over' }).click();
  await dialog.getByText('Write a handover note').waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(unexpected(errors, 409), []);
  await context.close();
});

test(
  'team, tasks and time: assign and remove a role, add a task for someone, log hours',
  { skip },
  async () => {
    const n = await declare('Invoices show the wrong currency');
    const { context, page, errors } = await signedInPage(server.url);
    await openRoom(page, server.url, n);
    const team = page.getByRole('form', { name: 'Assign a role' });
    await team.getByLabel('Role').selectOption('comms-lead');
    await team.getByLabel('Person').selectOption({ label: `${GRACE.name} (${GRACE.email})` });
    await team.getByRole('button', { name: 'Assign role' }).click();
    await entry(page, 'added Grace as Comms lead').waitFor();
    await page.getByRole('button', { name: 'Remove Grace as comms lead' }).click();
    await entry(page, 'removed Grace as Comms lead').waitFor();
    const task = page.getByRole('form', { name: 'Add a task' });
    await task.getByLabel('New task').fill('Check the exchange rates job');
    await task.getByLabel('Assignee (optional)').selectOption({ label: `${GRACE.name} (${GRACE.email})` });
    await task.getByRole('button', { name: 'Add task' }).click();
    await page.getByText('Assigned to Grace').first().waitFor();
    const time = page.getByRole('form', { name: 'Log time' });
    await time.getByLabel('Hours').fill('1.5');
    await time.getByLabel('Spent on').fill('Found the failing job');
    await time.getByRole('button', { name: 'Log time' }).click();
    await page.getByText('(1.5 h in total)').waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('stakeholders read without work actions', { skip }, async () => {
  const n = await declare('Dashboard charts are empty');
  const { context, page, errors } = await signedInPage(server.url, SAM);
  await openRoom(page, server.url, n);
  await page.getByText('You can follow this incident').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Take ownership' }).count(), 0);
  assert.equal(await page.getByRole('textbox', { name: 'Add a note' }).count(), 0);
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone the room fits and first response works', { skip }, async () => {
  // All customers, a feature blocked: P2, whose colours must pass too.
  const n = await declare('Login page is blank on Safari', { scope: 'ALL-USERS', criticality: 'FBLOCK' });
  const { context, page, errors } = await signedInPage(server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
    colorScheme: 'dark',
  });
  await openRoom(page, server.url, n);
  const fits = await page.evaluate(() => {
    const g = globalThis as any;
    return g.document.documentElement.scrollWidth <= g.innerWidth;
  });
  assert.ok(fits, 'the page scrolls sideways');
  await page.getByRole('button', { name: 'Take ownership' }).click();
  await entry(page, 'took ownership').waitFor();
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Reclassify' }).click();
  await page.getByRole('dialog', { name: `Reclassify #${n}` }).waitFor();
  await page.getByRole('menu').waitFor({ state: 'detached' });
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Tasks' }).click();
  await page.getByRole('textbox', { name: 'New task' }).fill('Reproduce on an iPhone');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('checkbox', { name: 'Reproduce on an iPhone' }).check();
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await entry(page, 'completed a task: Reproduce on an iPhone').waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown incident number says it is not found', { skip }, async () => {
  const { context, page, errors } = await signedInPage(server.url);
  await page.goto(`${server.url}/incidents/99999`);
  await page.getByRole('heading', { name: 'Incident #99999 not found' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(unexpected(errors, 404), []);
  await context.close();
});

test(
  '2,000 timeline entries: the newest shows, the composer works, and few rows are rendered',
  { skip },
  async () => {
    const n = await declare('Checkout is slow for everyone');
    const { rows } = await server.db.pool.query<{ id: string; owner: string }>(
      `SELECT i.id, u.id AS owner FROM incidents i, users u WHERE i.number = $1 AND u.email = $2`,
      [n, ADMIN.email],
    );
    await server.db.pool.query(
      `INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data)
     SELECT $1, now() - (2000 - g) * interval '1 second', $2, 'note', jsonb_build_object('text', 'Observation ' || g)
       FROM generate_series(1, 2000) g`,
      [rows[0]!.id, rows[0]!.owner],
    );
    const empty = await declare('Nothing recorded yet');
    const { context, page, errors } = await signedInPage(server.url);
    /** Opens the room; waits for the newest entry and for the composer to take text. */
    const open = async (incident: number, newest: string) => {
      await page.goto(`${server.url}/incidents/${incident}`);
      await entry(page, newest).waitFor();
      await page.getByRole('textbox', { name: 'Add a note' }).fill('typing works');
    };
    // A P3 asks the product owner; with none set up, that is said on the timeline (a job, so wait).
    await open(empty, 'Nobody was asked to decide');
    const rowsShown = await page.locator('ol > li').count();
    // How fast (target 1 s) is measured by bench/web.ts, where a busy machine cannot fail a build;
    // what keeps the long room fast is checked here: it renders a window of rows, not 2,000.
    await open(n, 'Observation 2000');
    const bigRows = await page.locator('ol > li').count();
    assert.equal(rowsShown, 2);
    assert.ok(bigRows <= 50, `${bigRows} rows rendered`);
    await page.getByRole('button', { name: 'Show 500 earlier' }).click();
    assert.equal(await page.locator('ol > li').count(), 550);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('a note added through one server instance appears in a browser on another', { skip }, async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-e2e-b-'));
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: server.db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    EXPEDITE_DATA_DIR: dataDir,
  };
  if (process.env.EXPEDITE_WEB_DIR) env.EXPEDITE_WEB_DIR = process.env.EXPEDITE_WEB_DIR;
  const other = await startServer(loadConfig(env));
  try {
    const n = await declare('Webhooks are delivered twice');
    const { context, page, errors } = await signedInPage(other.url);
    await openRoom(page, other.url, n);
    await page.getByText('Live', { exact: true }).waitFor();
    const sent = Date.now();
    await call(server.url, adminToken, 'POST', `/incidents/${n}/notes`, { text: 'Sent through instance A' });
    await entry(page, 'Sent through instance A').waitFor(LIVE);
    console.log(`# note across instances shown after ${Date.now() - sent} ms`);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await other.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

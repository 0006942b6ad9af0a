/**
 * Lists in plain words, in Chromium: home cards and the incident list (table and phone cards) show
 * every classification and urgency code beside its words, and say when an alert's severity set the
 * urgency rather than a person. A stakeholder who types the address of a page their role cannot use
 * reads why and whom to ask, never a form the API would refuse.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, signedInPage as openSignedIn, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let adminToken: string;
const READER = {
  email: 'cfo@example.com',
  password: 'reader-password-1',
  name: 'Carla',
  role: 'stakeholder',
};
const AGENT = { email: 'sue@example.com', password: 'support-password-1', name: 'Sue', role: 'support' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
};
// Each code and the words a reader must find with it (written out, not taken from the app).
const WORDS: Record<string, string> = {
  ADMINS: 'some admins',
  'ALL-USERS': 'all customers',
  FBLOCK: 'a feature is blocked',
  ALLBLOCK: 'the application is blocked',
  FE: 'front end',
  BE: 'back end',
  P1: 'critical',
  P2: 'high',
  P3: 'medium',
  P4: 'low',
};

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const signedInPage = (who: { email: string; password: string }, options: BrowserContextOptions = {}) =>
  openSignedIn(browser, server.url, who, options);

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  adminToken = (await ok('', 'POST', '/auth/login', ADMIN)).token;
  await ok(adminToken, 'POST', '/users', READER);
  await ok(adminToken, 'POST', '/users', AGENT);
  await ok(adminToken, 'POST', '/incidents', {
    title: 'Clicking on user details gives an error',
    scope: 'ADMINS',
    criticality: 'FBLOCK',
    area: 'FE',
  });
  await ok(adminToken, 'POST', '/incidents', {
    title: 'Checkout is slow',
    scope: 'ALL-USERS',
    criticality: 'ALLBLOCK',
    area: 'BE',
    urgency: 'P2',
    urgencyReason: 'Only the EU region',
  });
  // An alert of critical severity opens an incident whose urgency the default rule takes from it.
  const made = await ok(adminToken, 'POST', '/integrations', {
    name: 'Monitor',
    type: 'generic',
    mapping: { items: '$.events[*]', title: '$.title', dedupKey: '$.key', severity: '$.severity' },
  });
  const sent = await fetch(`${server.url}/api/v1/hooks/${made.key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ key: 'disk-1', title: 'Disk full on db-1', severity: 'critical' }] }),
  });
  assert.equal(sent.status, 202);
  await until(async () => (await ok(adminToken, 'GET', '/incidents?q=Disk')).items.length === 1, 15_000);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The text of the one visible row or card holding `title`, spaces collapsed. */
async function rowText(rows: Locator, title: string): Promise<string> {
  const row = rows.filter({ hasText: title });
  await row.first().waitFor();
  assert.equal(await row.count(), 1, `one row for ${title}`);
  return ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
}

/** Checks the three incidents' rows: codes with their words, and where each urgency came from. */
async function checkRows(rows: Locator) {
  const admins = await rowText(rows, 'Clicking on user details gives an error');
  assert.match(admins, /ADMINS-FBLOCK-FE: Clicking on user details gives an error/);
  assert.match(admins, /Some admins · a feature is blocked · front end/);
  assert.match(admins, /P3 · medium/);
  assert.doesNotMatch(admins, /set by hand|from alert severity/);

  const checkout = await rowText(rows, 'Checkout is slow');
  assert.match(checkout, /All customers · the application is blocked · back end/);
  assert.match(checkout, /P2 · high \(set by hand\)/);

  const disk = await rowText(rows, 'Disk full on db-1');
  assert.match(disk, /P1 · critical \(from alert severity\)/);
  assert.doesNotMatch(disk, /set by hand/);
}

/** Every code in the main region of the page has its words there too. */
async function noBareCodes(page: Page) {
  const text = (await page.getByRole('main').innerText()).replace(/\s+/g, ' ');
  const codes = [...text.matchAll(/\b(ALL-USERS|ALLBLOCK|FBLOCK|ADMINS|FE|BE|P[1-4])\b/g)].map((m) => m[1]!);
  assert.ok(
    codes.includes('ADMINS') && codes.includes('P1'),
    `the codes are on the page: ${codes.join(', ')}`,
  );
  for (const code of new Set(codes))
    assert.ok(text.toLowerCase().includes(WORDS[code]!), `${code} without "${WORDS[code]}": ${text}`);
}

test("a stakeholder's home and incident list show no code without its words", { skip }, async () => {
  for (const options of [{}, PHONE]) {
    const { context, page, errors } = await signedInPage(READER, options);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await checkRows(page.getByRole('main').getByRole('listitem'));
    await noBareCodes(page);
    await noViolations(page, 'home');

    await page.goto(`${server.url}/incidents`);
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    const rows = options === PHONE ? page.getByRole('main').getByRole('listitem') : page.getByRole('row');
    await checkRows(rows);
    await noBareCodes(page);
    await noViolations(page, 'the incident list');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test(
  'a stakeholder typing the address of a page for other roles reads why and whom to ask',
  { skip },
  async () => {
    const { context, page, errors } = await signedInPage(READER, PHONE);
    await page.goto(`${server.url}/reports/new`);
    await page.getByRole('heading', { level: 1, name: 'Stakeholders cannot file reports' }).waitFor();
    await page
      .getByText(
        'Your role (stakeholder) reads incidents, not the people list. Ask a responder, a support agent or an admin to file it for you.',
      )
      .waitFor();
    assert.equal(await page.getByRole('main').getByRole('textbox').count(), 0, 'no report form');
    assert.equal(await page.title(), 'Stakeholders cannot file reports · Expedite');
    await noViolations(page, 'reports/new for a stakeholder');

    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Stakeholders cannot see the people list' }).waitFor();
    await page.getByText(/Ask a responder, a support agent or an admin for the person you need\.$/).waitFor();

    await page.goto(`${server.url}/on-call`);
    await page
      .getByRole('heading', { level: 1, name: 'Stakeholders cannot see the on-call schedules' })
      .waitFor();
    await page.getByText(/Ask a responder, a support agent or an admin who is on call\.$/).waitFor();

    await page.goto(`${server.url}/admin/integrations`);
    await page.getByRole('heading', { level: 1, name: 'Stakeholders cannot manage integrations' }).waitFor();
    await page.getByText(/Ask an admin to change how alerts arrive\.$/).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Go home' }).click();
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    assert.deepEqual(errors, [], 'nothing the stakeholder may not read is asked for');
    await context.close();

    // Whoever may file a report gets the form at the same address.
    const agent = await signedInPage(AGENT);
    await agent.page.goto(`${server.url}/reports/new`);
    await agent.page.getByRole('heading', { level: 1, name: 'Report a problem' }).waitFor();
    assert.equal(await agent.page.getByTestId('not-for-your-role').count(), 0);
    await agent.context.close();
  },
);

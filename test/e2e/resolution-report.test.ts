/**
 * Resolution reports in a real browser: the printable page renders in Chromium under its strict
 * policy (no console errors) and prints to a PDF; the report page works on a 390 px phone — both
 * versions, a jargon warning as the plain version is typed, saving the edit, sharing — and the
 * room's Report panel leads to it. Pages pass axe without serious violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage as openSignedIn, unexpected } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let adminToken: string;
let n: number;

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const signedInPage = (options: BrowserContextOptions = {}) =>
  openSignedIn(browser, server.url, ADMIN, options);

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  adminToken = (await ok('', 'POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password })).token;
  const inc = await ok(adminToken, 'POST', '/incidents', {
    title: 'Invoices show the wrong total',
    scope: 'USERS',
    criticality: 'FBEHAV',
    area: 'BE',
    takeOwnership: true,
    page: false,
    noPageReason: 'test',
  });
  n = inc.number as number;
  await ok(adminToken, 'POST', `/incidents/${n}/status`, { status: 'investigating' });
  await ok(adminToken, 'POST', `/incidents/${n}/time`, { hours: 1.5, description: 'Found the rounding bug' });
  await ok(adminToken, 'POST', `/incidents/${n}/status`, {
    status: 'resolved',
    summary: 'Totals are rounded once per invoice again.',
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the printable page renders under its policy and prints to a PDF', { skip }, async () => {
  const { context, page, errors } = await signedInPage();
  const res = await page.goto(`${server.url}/api/v1/incidents/${n}/resolution-report.html?version=plain`);
  assert.equal(res?.status(), 200);
  await page.getByRole('heading', { level: 1, name: 'We are back: Invoices show the wrong total' }).waitFor();
  await page.getByRole('listitem').filter({ hasText: 'admin (owner): 1.5 h' }).waitFor();
  await page.getByText(/^Print \/ save as PDF/).waitFor();
  // The inline style applies (its hash is allowed): the page is narrow and centred.
  const width = await page.evaluate(() => {
    const g = globalThis as any;
    return g.getComputedStyle(g.document.body).maxWidth as string;
  });
  assert.notEqual(width, 'none');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 0);
  assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
  assert.deepEqual(unexpected(errors), [], 'no console errors (a CSP refusal would show here)');
  await context.close();

  // axe is injected by the test, so this context lets it past the page's policy.
  const look = await signedInPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  await look.page.goto(`${server.url}/api/v1/incidents/${n}/resolution-report.html?version=technical`);
  await look.page.getByRole('heading', { level: 2, name: 'Hours spent' }).waitFor();
  await noViolations(look.page, 'the printable page');
  assert.equal(await overflow(look.page), 0, 'the printable page fits a phone');
  await look.context.close();
});

test('the report page on a phone: both versions, a jargon warning, save and share', { skip }, async () => {
  const { context, page, errors } = await signedInPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/incidents/${n}`);
  const panel = page.getByRole('region', { name: 'Report' });
  await panel.getByText('Generated', { exact: true }).waitFor();
  await noViolations(page, 'the room with its Report panel');
  await panel.getByRole('link', { name: 'Edit and share the report' }).click();

  await page.getByRole('heading', { level: 1, name: `Resolution report · #${n}` }).waitFor();
  const plain = page.getByLabel('Plain words version (Markdown)');
  await plain.waitFor();
  assert.match(await plain.inputValue(), /^# We are back: Invoices show the wrong total\n/);
  assert.match(await plain.inputValue(), /- admin \(owner\): 1\.5 h/);
  assert.equal(await overflow(page), 0, 'the report page fits the screen');
  await noViolations(page, 'the report page');

  await plain.fill(`${await plain.inputValue()}\nFixed by 3f9c2ab on billing-01.`);
  const warning = page.getByRole('alert').filter({ hasText: 'Jargon in plain words' });
  await warning.getByText(/“3f9c2ab”: A commit id/).waitFor();
  await warning.getByText(/“billing-01”: Looks like a server name/).waitFor();
  await plain.fill(
    (await plain.inputValue()).replace('Fixed by 3f9c2ab on billing-01.', 'Thank you for your patience.'),
  );
  await warning.waitFor({ state: 'detached' });

  await page.getByRole('tab', { name: 'Technical' }).click();
  const technical = page.getByLabel('Technical version (Markdown)');
  assert.match(await technical.inputValue(), new RegExp(`^# Resolution report: #${n} USERS-FBEHAV-BE: `));

  await page.getByRole('button', { name: 'Save both versions' }).click();
  await page.getByText('The resolution report was saved').waitFor();
  await page.getByText('Edited', { exact: true }).waitFor();
  await page.getByRole('checkbox', { name: 'Stakeholders (plain words)' }).uncheck();
  await page.getByRole('button', { name: 'Share the report' }).click();
  await page.getByText('The resolution report was shared').waitFor();
  await page.getByText(/^Last shared /).waitFor();
  await noViolations(page, 'the report page after sharing');
  assert.equal(await overflow(page), 0, 'still fits');

  const saved = await ok(adminToken, 'GET', `/incidents/${n}/resolution-report`);
  assert.match(saved.plain, /Thank you for your patience\.$/);
  assert.ok(saved.sharedAt);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('the report page in dark mode, read by a reader with no work rights', { skip }, async () => {
  const reader = {
    email: 'sam@example.com',
    password: 'sam-password-1',
    name: 'Sam Reader',
    role: 'stakeholder',
  };
  await ok(adminToken, 'POST', '/users', reader);
  const { context, page, errors } = await openSignedIn(browser, server.url, reader, { colorScheme: 'dark' });
  await page.goto(`${server.url}/incidents/${n}/report`);
  const plain = page.getByLabel('Plain words version (Markdown)');
  await plain.waitFor();
  assert.equal(await plain.getAttribute('readonly'), '');
  assert.equal(await page.getByRole('button', { name: 'Save both versions' }).count(), 0);
  await page.getByRole('link', { name: 'Print / save as PDF: plain words version' }).waitFor();
  await noViolations(page, 'the report page in dark mode');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

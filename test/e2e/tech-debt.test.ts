/**
 * Deviations and tech debt in a real browser: a responder records "We are breaking process" in the
 * incident room with its tech-debt item, sees it in the Fix: deviations panel, logs 8 h against its
 * 6 h budget, then finds the item overrun by 2 h in /tech-debt on a phone width, linked to its
 * incident, with no sideways scroll; pages are free
 * of console errors and of serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let adminToken: string;
const GRACE = {
  email: 'grace@example.com',
  password: 'grace-password-1',
  name: 'Grace Hopper',
  role: 'responder',
};

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  adminToken = (await ok('', 'POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password })).token;
  await ok(adminToken, 'POST', '/users', GRACE);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a deviation recorded with its item in the room shows in /tech-debt on a phone', { skip }, async () => {
  const incident = await ok(adminToken, 'POST', '/incidents', {
    title: 'Checkout fails for everyone',
    scope: 'ALL-USERS',
    criticality: 'ALLBLOCK',
    area: 'BE',
  });
  const { context, page, errors } = await signedInPage(browser, server.url, GRACE, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(`${server.url}/incidents/${incident.number}`);
  const panel = page.getByRole('region', { name: 'Fix: deviations' });
  await panel.getByText('No deviation from process recorded.').waitFor();
  await panel.getByRole('button', { name: 'We are breaking process' }).click();

  const dialog = page.getByRole('dialog', { name: 'We are breaking process' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Record the deviation' }).click();
  await dialog.getByText('Choose at least one reason').waitFor();
  await dialog.getByLabel('Speed of fix').check();
  await dialog.getByLabel('Temporary fix (permanent fix to follow)').check();
  await dialog.getByLabel('Review', { exact: true }).check();
  await dialog.getByLabel('Something else skipped').fill('load testing');
  await dialog.getByLabel('Justification').fill('Checkout is down; the one-line fix goes out now.');
  await dialog
    .getByLabel('What must be brought to standard')
    .fill('Tests and review for the checkout hotfix');
  await dialog.getByLabel('Budget (hours)').fill('6');
  await dialog.getByLabel('Owner').selectOption({ label: `${GRACE.name} (${GRACE.email})` });
  await dialog.getByLabel('Due on').fill('2099-12-20');
  await noViolations(page, 'the deviation dialog');
  await dialog.getByRole('button', { name: 'Record the deviation' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await panel.getByText('Tech debt: Tests and review for the checkout hotfix').waitFor();
  await panel.getByText('Skipped Review, load testing').waitFor();
  await panel.getByText('0 h of 6 h · Grace Hopper · due 2099-12-20').waitFor();
  await noViolations(page, 'the incident room with a deviation');

  // 8 h logged against the 6 h budget, from the room's Time tab.
  await page.getByRole('tab', { name: 'Time', exact: true }).click();
  const log = page.getByRole('form', { name: 'Log time' });
  await log.getByLabel('Hours').fill('8');
  await log.getByLabel('Spent on').fill('Wrote the checkout tests');
  await log.getByLabel('On tech debt').selectOption({ label: 'Tests and review for the checkout hotfix' });
  await log.getByRole('button', { name: 'Log time' }).click();
  await page
    .getByRole('region', { name: /^Time spent/ })
    .getByText('Wrote the checkout tests')
    .waitFor();
  await page.getByRole('tab', { name: 'Timeline' }).click();

  await page.getByRole('link', { name: 'All tech debt' }).click();
  await page.getByRole('heading', { name: 'Tech debt', level: 1 }).waitFor();
  const list = page.getByRole('list', { name: 'Tech debt' });
  const item = list.getByRole('listitem').filter({ hasText: 'Tests and review for the checkout hotfix' });
  await item.waitFor();
  await item.getByText('Budget 6 h · spent 8 h · owner Grace Hopper · due 2099-12-20').waitFor();
  await item.getByText('Overrun by 2 h').waitFor();
  assert.equal(await item.getByRole('link').textContent(), `#${incident.number} Checkout fails for everyone`);
  assert.equal(await overflow(page), 0, 'no sideways scroll on a phone');
  await noViolations(page, '/tech-debt on a phone');

  await page.getByText('Mine', { exact: true }).click();
  await item.waitFor();
  await item.getByRole('button', { name: 'Start: Tests and review for the checkout hotfix' }).click();
  await item.getByText('In progress').waitFor();
  await page.getByText('Overdue', { exact: true }).click();
  await page.getByText('No item is past its due day.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The public status page in a real browser with JavaScript disabled: it renders fully (overall
 * status, the current incident with its update, components with a 90-day bar, the subscribe form);
 * an incident titled `<img src=x onerror=alert(1)>` shows as text and no dialog opens; nothing
 * breaks the page's Content-Security-Policy; it fits a phone and has no serious accessibility
 * violations, in light and dark mode.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { enqueue } from '../../src/engine/jobs.ts';
import {
  accessibilityViolations,
  ADMIN,
  browserSkipReason,
  launchBrowser,
  startWebServer,
  type WebServer,
} from './browser.ts';
import { okApi, overflow, signedInPage, until, unexpected } from './kit.ts';

const skip = browserSkipReason();
const XSS = '<img src=x onerror=alert(1)>';
let server: WebServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const token = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token as string;
  const ok = (method: string, url: string, body?: unknown) => okApi(server.url, token, method, url, body);
  const { rows } = await server.db.pool.query<{ id: string }>(
    `INSERT INTO services (name, created_at) VALUES ('checkout-api', now()) RETURNING id`,
  );
  const serviceId = rows[0]!.id;
  const page = await ok('POST', '/status-pages', { name: 'Acme status', slug: 'acme' });
  const group = await ok('POST', `/status-pages/${page.id}/groups`, { name: 'Shop' });
  await ok('POST', `/status-pages/${page.id}/components`, {
    name: 'Checkout',
    serviceId,
    groupId: group.groups[0].id,
  });
  await ok('POST', `/status-pages/${page.id}/components`, { name: 'Search' });
  const incident = await ok('POST', '/incidents', {
    title: XSS,
    area: 'BE',
    urgency: 'P2',
    urgencyReason: 'test',
    service: serviceId,
    page: false,
    noPageReason: 'test',
  });
  const updateId = randomUUID();
  await enqueue(server.db.pool, [
    {
      kind: 'statuspage-publish',
      key: `statuspage-publish:${updateId}`,
      runAt: new Date(),
      payload: {
        incidentId: incident.id,
        updateId,
        status: 'investigating',
        body: 'Some card payments fail.',
      },
    },
  ]);
  await until(async () =>
    (await fetch(`${server.url}/status/acme`)).text().then((t) => t.includes('Some card')),
  );
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'renders fully without JavaScript; the hostile title is text and opens no dialog',
  { skip },
  async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const res = await page.goto(`${server.url}/status/acme`);
    assert.equal(res?.status(), 200);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Acme status' }).waitFor());
    assert.equal(await page.locator('.overall').textContent(), 'Partial System Outage');
    assert.equal(await page.getByRole('heading', { level: 3, name: XSS }).textContent(), XSS);
    assert.equal(await page.locator('img').count(), 0);
    assert.match(
      (await page.locator('.update').first().textContent())!,
      /Investigating — Some card payments fail\./,
    );
    assert.equal(await page.locator('.component').count(), 2);
    assert.equal(await page.locator('.component').first().locator('.bar span').count(), 90);
    assert.equal(await page.locator('.s-partial_outage').first().textContent(), 'Partial outage');
    assert.equal(await page.getByLabel('Email address').count(), 1);
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, [], 'no console errors (a CSP refusal would show here)');
    await context.close();
  },
);

test('fits a phone, with no serious accessibility violations in light and dark mode', { skip }, async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    // axe is injected by the test, so this context lets it past the page's policy.
    const context = await browser.newContext({
      bypassCSP: true,
      colorScheme,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/status/acme`);
    assert.deepEqual(await accessibilityViolations(page), [], colorScheme);
    assert.ok((await overflow(page)) <= 0, 'fits a phone');
    await context.close();
  }
});

test(
  'an admin on a phone creates a page and sets a component by hand; the public page follows',
  { skip },
  async () => {
    const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${server.url}/admin/status-pages`);
    await page.getByRole('heading', { name: 'Status pages', level: 1 }).waitFor();
    await page.getByLabel('Slug').fill('Bad Slug');
    await page.getByLabel('Name', { exact: false }).first().fill('Docs status');
    await page.getByRole('button', { name: 'Create page' }).click();
    await page.getByText('lowercase letters, digits and dashes').waitFor();
    await page.getByLabel('Slug').fill('docs');
    await page.getByRole('button', { name: 'Create page' }).click();
    await page.getByText('Status page created.').waitFor();

    await page.getByRole('combobox', { name: 'Page' }).click();
    await page.getByRole('option', { name: /^Acme status/ }).click();
    await page.getByRole('table', { name: 'Components' }).waitFor();
    await page.getByRole('combobox', { name: 'State of Search' }).click();
    await page.getByRole('option', { name: 'Major outage' }).click();
    await until(async () =>
      (await fetch(`${server.url}/status/acme`)).text().then((t) => t.includes('Major System Outage')),
    );
    assert.deepEqual(await accessibilityViolations(page), [], 'axe on the status pages admin page');
    assert.ok((await overflow(page)) <= 0, 'fits a phone');
    assert.deepEqual(unexpected(errors, 400), []);
    await context.close();
  },
);

test(
  'an admin in dark mode on a phone deletes a component, cancels maintenance by keyboard, makes the page private and removes a subscriber',
  { skip },
  async () => {
    const token = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token as string;
    const ok = (method: string, url: string, body?: unknown) => okApi(server.url, token, method, url, body);
    const made = await ok('POST', '/status-pages', { name: 'Globex status', slug: 'globex' });
    await ok('POST', `/status-pages/${made.id}/groups`, { name: 'Back office' });
    await ok('POST', `/status-pages/${made.id}/components`, { name: 'Ledger' });
    await ok('POST', `/status-pages/${made.id}/components`, { name: 'Reports' });
    const start = Date.now() + 86_400_000;
    await ok('POST', `/status-pages/${made.id}/maintenances`, {
      title: 'Database upgrade',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3_600_000).toISOString(),
    });
    const sub = await fetch(`${server.url}/status/globex/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook=https%3A%2F%2Fhooks.example.com%2Fsecret%2Fpath',
    });
    assert.equal(sub.status, 200);

    const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
    });
    await page.goto(`${server.url}/admin/status-pages`);
    await page.getByRole('combobox', { name: 'Page' }).click();
    await page.getByRole('option', { name: /^Globex status/ }).click();
    await page.getByRole('table', { name: 'Components' }).waitFor();

    await page.getByRole('button', { name: 'Delete component Reports' }).click();
    await page.getByRole('dialog', { name: 'Delete component?' }).waitFor();
    await page.getByRole('button', { name: 'Delete component', exact: true }).click();
    await until(async () =>
      (await fetch(`${server.url}/status/globex`)).text().then((t) => !t.includes('Reports')),
    );
    await page.getByRole('button', { name: 'Delete component Reports' }).waitFor({ state: 'detached' });

    // By keyboard: the dialog starts on its Cancel button; Tab reaches the act.
    await page.getByRole('button', { name: 'Cancel maintenance Database upgrade' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Cancel maintenance?' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await until(async () =>
      (await fetch(`${server.url}/status/globex/api/v2/scheduled-maintenances.json`))
        .json()
        .then((j) => (j as { scheduled_maintenances: unknown[] }).scheduled_maintenances.length === 0),
    );
    await page.getByText('Maintenance: Database upgrade').waitFor({ state: 'detached' });

    // Made private: the old address is not found, the one shown (with the key) serves the page.
    await page.getByRole('button', { name: 'Make private' }).click();
    await page
      .getByRole('dialog', { name: 'Make private?' })
      .getByRole('button', { name: 'Make private' })
      .click();
    const link = page.getByRole('link', { name: /\/status\/globex\/k\// });
    await link.waitFor();
    assert.equal((await fetch(`${server.url}/status/globex`)).status, 404);
    assert.equal((await fetch((await link.getAttribute('href'))!)).status, 200);

    const row = page.getByRole('row', { name: /hooks\.example\.com/ });
    assert.match((await row.textContent())!, /https:\/\/hooks\.example\.com\/….*All.*Yes/);
    assert.doesNotMatch((await row.textContent())!, /secret/);
    assert.deepEqual(await accessibilityViolations(page), [], 'axe with the subscribers and groups');
    assert.ok((await overflow(page)) <= 0, 'fits a phone');
    await page.getByRole('button', { name: 'Remove subscriber https://hooks.example.com/…' }).click();
    await page.getByRole('button', { name: 'Remove subscriber', exact: true }).click();
    await page.getByText('No subscribers yet.').waitFor();
    assert.deepEqual((await ok('GET', `/status-pages/${made.id}/subscribers`)).items, []);
    assert.deepEqual(unexpected(errors), []);
    await context.close();
  },
);

/**
 * Signals in the browser: an admin connects Prometheus Alertmanager and sees its key once, an alert
 * sent to the URL shown opens an incident that appears on home live, and the room shows the rate
 * chart and the alerts (new alerts and their resolution arrive live). Also the integration page
 * (rules with the API's objections, rotating the key, refused deliveries, disabling) and silences.
 * Every page is free of console errors and of serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
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

const firing = JSON.parse(
  readFileSync(
    path.join(import.meta.dirname, '..', 'fixtures', 'alertmanager', 'webhook-firing.json'),
    'utf8',
  ),
);

before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launchBrowser();
  adminToken = (await call('POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password })).token;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Calls the API as the admin; returns the JSON body (asserting success). */
async function call(method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: {
      ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * The webhook address shown in the page, on this test server: the server announces its public URL,
 * which here names port 0 (the test server listens on a free port), so only the path is kept.
 */
function onServer(shown: string): string {
  return new URL(new URL(shown).pathname, server.url).toString();
}

/** Posts an Alertmanager group with one alert per (fingerprint, status) to `url`. */
async function sendAlerts(
  url: string,
  alerts: { fingerprint: string; status: 'firing' | 'resolved'; summary?: string }[],
  groupKey = '{}:{alertname="HighErrorRate"}',
  truncatedAlerts = 0,
) {
  const body = {
    ...firing,
    groupKey,
    truncatedAlerts,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts: alerts.map((a) => ({
      ...firing.alerts[0],
      fingerprint: a.fingerprint,
      status: a.status,
      labels: { ...firing.alerts[0].labels, instance: a.fingerprint },
      annotations: { summary: a.summary ?? firing.alerts[0].annotations.summary },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: a.status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
    })),
  };
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A signed-in admin browser context, closed after the test. */
async function signedIn(t: TestContext, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  t.after(() => context.close());
  const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: ADMIN });
  assert.equal(res.status(), 200);
  return context;
}

/** Waits until `check` holds. */
async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** axe-core finds nothing serious, once opening dialogs have finished fading in. */
async function noViolations(page: Page, where: string) {
  await until(() =>
    page.evaluate(() => {
      const g = globalThis as any;
      return (g.document.getAnimations() as { playState: string }[]).every((a) => a.playState !== 'running');
    }),
  );
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${where}`);
}

/** A timeline entry's text. */
function entry(page: Page, text: string | RegExp) {
  return page.getByRole('list', { name: /^Timeline entries/ }).getByText(text);
}

/** Console errors except the failed requests a test provokes on purpose. */
function unexpected(errors: string[], ...statuses: number[]): string[] {
  return errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));
}

test(
  'connect Alertmanager: the key is shown once, an alert opens an incident live, the room shows its signals',
  { skip },
  async (t) => {
    const context = await signedIn(t);
    const { page, errors } = await newPage(context);
    await page.goto(`${server.url}/admin/integrations`);
    await page.getByText('No integrations yet.').waitFor();
    await noViolations(page, 'integrations, empty');

    await page.getByRole('button', { name: 'New integration' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New integration' });
    await dialog.getByLabel('Name').fill('Production Prometheus');
    assert.equal(await dialog.getByRole('radio', { name: 'Prometheus Alertmanager' }).isChecked(), true);
    await dialog.getByLabel('Service (optional)').fill('Checkout');
    await noViolations(page, 'new integration dialog');
    await dialog.getByRole('button', { name: 'Create integration' }).click();

    const shown = page.getByRole('dialog', { name: 'Connect your integration' });
    await shown.waitFor();
    const key = await shown.getByRole('textbox', { name: 'Integration key' }).inputValue();
    const headerUrl = await shown.getByRole('textbox', { name: 'Webhook URL', exact: true }).inputValue();
    const url = await shown.getByRole('textbox', { name: 'Webhook URL with the key' }).inputValue();
    const pagerDutyUrl = await shown.getByRole('textbox', { name: 'PagerDuty URL' }).inputValue();
    assert.match(key, /^exi_/);
    assert.match(headerUrl, /\/api\/v1\/integrations\/[0-9a-f-]{36}\/webhook$/);
    assert.ok(url.endsWith(`/api/v1/hooks/${key}`), url);
    assert.ok(pagerDutyUrl.endsWith('/v2/enqueue'), pagerDutyUrl);
    const snippet = (await shown.getByRole('region', { name: 'alertmanager.yml' }).textContent()) ?? '';
    assert.match(snippet, /webhook_configs:/);
    assert.ok(snippet.includes(`url: ${headerUrl}`), snippet);
    assert.ok(snippet.includes(`credentials: ${key}`), snippet);
    assert.ok(snippet.includes(`routing_key: ${key}`), snippet);
    await shown.getByRole('button', { name: 'Copy integration key' }).waitFor();
    await noViolations(page, 'key shown once');
    await shown.getByRole('button', { name: 'Done, I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });

    // Once closed, the key is nowhere on the page; the list shows only its last characters.
    const table = page.getByRole('table', { name: 'Integrations' });
    await table.getByRole('link', { name: 'Production Prometheus' }).waitFor();
    await table.getByText(`…${key.slice(-4)}`).waitFor();
    assert.equal((await page.content()).includes(key), false);
    await noViolations(page, 'integrations list');

    // Home, open in another tab, shows the incident the alert opens without a reload.
    const home = await newPage(context);
    await home.page.goto(server.url);
    await home.page.getByText('No open incidents').waitFor();
    const sent = await sendAlerts(onServer(url), [{ fingerprint: 'fp-one', status: 'firing' }]);
    assert.equal(sent.status, 202, await sent.text());
    const link = home.page.getByRole('link', { name: /Checkout 5xx above 5% for 5 minutes/ });
    await link.waitFor({ timeout: 10_000 }); // live: nothing polls the home page
    await link.click();

    // The room: where it came from, the rate chart, the alert with its labels and links.
    await home.page.getByRole('heading', { level: 1 }).waitFor();
    await home.page.getByText('Opened by alerts from').waitFor();
    await home.page.getByTestId('incident-origin').getByText('Production Prometheus').waitFor();
    await entry(home.page, 'declared the incident from 1 alert of Production Prometheus').waitFor();
    const chart = home.page.getByRole('img', { name: /^Signals per minute: 1 in 1 minute/ });
    await chart.waitFor();
    const alerts = home.page.getByRole('list', { name: 'Alerts' });
    await alerts.getByText('Checkout 5xx above 5% for 5 minutes').waitFor();
    await alerts.getByText('Firing', { exact: true }).waitFor();
    await alerts.getByText('Critical', { exact: true }).waitFor();
    await alerts.getByText('service=checkout').waitFor();
    const source = alerts.getByRole('link', { name: /^Prometheus/ });
    assert.equal(await source.getAttribute('target'), '_blank');
    assert.equal(await source.getAttribute('href'), firing.alerts[0].generatorURL);
    await noViolations(home.page, 'incident room with signals');

    // A second alert of the same group joins the incident (new alerts of a group are written on
    // the timeline at most once a minute, so it is not announced yet); Alertmanager's max_alerts
    // left 35 more of the group out of that delivery.
    const second = [{ fingerprint: 'fp-two', status: 'firing' as const, summary: 'Checkout p99 above 2s' }];
    assert.equal((await sendAlerts(onServer(url), second, undefined, 35)).status, 202);

    // Both recover at the source: said live in words, the panel re-read, and the incident resolves
    // itself (nobody owns it).
    const resolved = await sendAlerts(onServer(url), [
      { fingerprint: 'fp-one', status: 'resolved' },
      { fingerprint: 'fp-two', status: 'resolved' },
    ]);
    assert.equal(resolved.status, 202);
    await entry(home.page, 'noted: all alerts resolved at the source').waitFor({ timeout: 10_000 });
    await entry(home.page, /resolved the incident: all alerts resolved at the source/).waitFor();
    await home.page.getByText('2 alerts received, 35 more truncated by the sender, 0 still open').waitFor();
    await alerts.getByText('Checkout p99 above 2s').waitFor();
    assert.equal(await alerts.getByText('Resolved', { exact: true }).count(), 2);
    await home.page.getByRole('img', { name: /^Signals per minute: ([2-9]|\d\d+) in / }).waitFor();
    await noViolations(home.page, 'incident room, alerts resolved');
    assert.deepEqual(errors, []);
    assert.deepEqual(home.errors, []);
  },
);

test(
  'an integration: rules with the API’s objections, rotate the key, refused deliveries, disable',
  { skip },
  async (t) => {
    const created = await call('POST', '/integrations', { name: 'Staging Grafana', type: 'grafana' });
    const context = await signedIn(t);
    const { page, errors } = await newPage(context);
    // A delivery that is not JSON is refused and kept with its reason.
    const bad = await fetch(onServer(created.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"alerts": [',
    });
    assert.equal(bad.status, 400);

    await page.goto(`${server.url}/admin/integrations`);
    await page.getByRole('link', { name: 'Staging Grafana' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staging Grafana' }).waitFor();
    const refused = page.getByRole('region', { name: 'Refused deliveries' });
    await refused.getByText('Refused: malformed').waitFor();
    await refused.getByText(/not valid JSON/).waitFor();
    await refused.getByRole('button', { name: 'Show the body' }).click();
    await refused
      .getByRole('region', { name: /^Body received/ })
      .getByText('{"alerts": [')
      .waitFor();
    await noViolations(page, 'integration page');

    // Rules, in the JSON view: the API's objection names the rule and the field; what was written stays.
    await page.getByRole('switch', { name: 'Advanced: JSON' }).check();
    const rules = page.getByLabel('Rules, tried in order (JSON)');
    const wrong = '[{"id": "Checkout Errors", "name": "Checkout errors", "urgency": "P9"}]';
    await rules.fill(wrong);
    await page.getByRole('button', { name: 'Save routing rules' }).click();
    const objection = page.getByRole('alert').filter({ hasText: 'The routing rules were not saved' });
    await objection.getByText(/Rule 1 › id:/).waitFor();
    await objection.getByText(/Rule 1 › urgency:/).waitFor();
    assert.equal(await rules.inputValue(), wrong);
    await noViolations(page, 'integration page, rule errors');
    await rules.fill(
      '[{"id": "checkout-errors", "name": "Checkout errors", "match": {"labels": {"service": "checkout"}}}]',
    );
    await page.getByRole('button', { name: 'Save routing rules' }).click();
    await page.getByText('Routing rules saved.').waitFor();
    const saved = await call('GET', `/integrations/${created.integration.id}`);
    assert.equal(saved.rules[0].id, 'checkout-errors');
    assert.equal(saved.rules[0].threshold.count, 1);

    // Settings keep what was typed and save.
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Staging Grafana (EU)');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staging Grafana (EU)' }).waitFor();

    // Rotate: confirm first; the new key is shown once; the old URL stops working.
    await page.getByRole('button', { name: 'Rotate key' }).click();
    const confirm = page.getByRole('dialog', { name: /^Rotate the key of/ });
    await noViolations(page, 'rotate confirmation');
    await confirm.getByRole('button', { name: 'Rotate key' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy the new key' });
    const newKey = await shown.getByRole('textbox', { name: 'Integration key' }).inputValue();
    assert.notEqual(newKey, created.key);
    await shown.getByText('Contact points').waitFor();
    await shown.getByRole('button', { name: 'Done, I have copied it' }).click();
    const old = await fetch(onServer(created.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.ok([401, 404].includes(old.status), `the old key answered ${old.status}`);
    await page.getByText(`key ending`).getByText(newKey.slice(-4)).waitFor();

    // Disable asks first; enable does not.
    await page.getByRole('button', { name: 'Disable' }).click();
    await page
      .getByRole('dialog', { name: /^Disable/ })
      .getByRole('button', { name: 'Disable' })
      .click();
    await page.getByText('Disabled', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByText('Enabled', { exact: true }).waitFor();
    assert.deepEqual(unexpected(errors, 400), []);
  },
);

test('silences and maintenance: create one, see it, end it now', { skip }, async (t) => {
  await call('POST', '/integrations', {
    name: 'Sentry production',
    type: 'sentry',
    signingSecret: 'sentry-secret-1',
  });
  const context = await signedIn(t);
  const { page, errors } = await newPage(context);
  await page.goto(`${server.url}/admin/silences`);
  await page.getByText('Nothing is silenced').waitFor();
  await noViolations(page, 'silences, empty');

  const form = page.getByRole('form', { name: 'New silence or maintenance window' });
  await form.getByLabel('Only alerts with these labels (optional)').fill('alertname=DiskFull\nnonsense');
  await form.getByLabel('Reason').fill('Known flapping disk check');
  await form.getByRole('button', { name: 'Start silence' }).click();
  await form.getByText('Line 2: write name=value').waitFor();
  await noViolations(page, 'silences, form errors');
  await form
    .getByLabel('Only alerts with these labels (optional)')
    .fill('alertname=DiskFull\nenv=/prod|staging/');
  await form.getByLabel('Integration').selectOption({ label: 'Sentry production' });
  await form.getByRole('button', { name: 'In 4 hours' }).click();
  await form.getByRole('button', { name: 'Start silence' }).click();
  const list = page.getByRole('list', { name: 'Active silences' });
  await list.getByText('Known flapping disk check').waitFor();
  await list.getByText('alertname=DiskFull').waitFor();
  await list.getByText('alerts from Sentry production').waitFor();
  assert.equal(await form.getByLabel('Reason').inputValue(), '');
  const [silence] = (await call('GET', '/silences')).items;
  const hours = (Date.parse(silence.endsAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 3.9 && hours <= 4, `ends in ${hours} h`);

  // Maintenance for a service.
  await form.getByText('Maintenance', { exact: true }).click();
  assert.equal(await form.getByRole('radio', { name: 'Maintenance' }).isChecked(), true);
  await form.getByLabel('Service (optional)').fill('Checkout');
  await form.getByLabel('Reason').fill('Database upgrade');
  await form.getByRole('button', { name: 'Schedule maintenance' }).click();
  await list.getByText('Database upgrade').waitFor();
  await list.getByText('service Checkout').waitFor();
  await noViolations(page, 'silences, two active');

  await list.getByRole('button', { name: /^End now: silence/ }).click();
  await list.getByText('Known flapping disk check').waitFor({ state: 'detached' });
  assert.equal((await call('GET', '/silences')).items.length, 1);
  assert.deepEqual(errors, []);
});

test('admin pages fit a phone and pass axe in the dark theme', { skip }, async (t) => {
  const created = await call('POST', '/integrations', { name: 'Phone check', type: 'generic' });
  const context = await signedIn(t, { viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
  const { page, errors } = await newPage(context);
  for (const where of [
    '/admin/integrations',
    `/admin/integrations/${created.integration.id}`,
    '/admin/silences',
  ]) {
    await page.goto(`${server.url}${where}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const fits = await page.evaluate(() => {
      const g = globalThis as any;
      return g.document.documentElement.scrollWidth <= g.innerWidth;
    });
    assert.equal(fits, true, `${where} is wider than the phone`);
    await noViolations(page, `${where} on a phone`);
  }
  assert.deepEqual(errors, []);
});

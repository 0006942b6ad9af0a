/**
 * Integrations are obvious to set up (issue #19, item 7), in a real browser with a real SMTP sink:
 * the new-integration form picks a service and says whom it will page before saving (or that
 * nobody is reachable, with a link to fix it); the integration page shows its webhook URL at all
 * times; an admin builds a routing rule with the form (a condition, an urgency), tests it against a
 * sample payload, sees the JSON view say the same, saves, and a real delivery sent to that URL with
 * the key in a header is routed by it. Keyboard, phone size and axe are checked along the way.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage, unexpected, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let sink: SmtpSink;
let adminToken: string;
const ana = { email: 'ana@example.com', password: 'ana-password-12', name: 'Ana Lytic', role: 'responder' };

const firing = readFileSync(
  path.join(import.meta.dirname, '..', 'fixtures', 'alertmanager', 'webhook-firing.json'),
  'utf8',
);

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const login = async (who: { email: string; password: string }) =>
  (await ok('', 'POST', '/auth/login', who)).token as string;

before(async () => {
  if (skip) return;
  sink = await startSmtpSink();
  [server, browser] = await Promise.all([
    startWebServer({
      env: {
        EXPEDITE_SMTP_URL: `smtp://${sink.host}:${sink.port}`,
        EXPEDITE_MAIL_FROM: 'Expedite <pager@example.com>',
      },
    }),
    launchBrowser(),
  ]);
  adminToken = await login(ADMIN);
  const anaId = (await ok(adminToken, 'POST', '/users', ana)).id as string;
  // Ana verifies her email address with the code the sink received.
  const token = await login(ana);
  const made = await ok(token, 'POST', '/me/contact-methods', { kind: 'email', address: ana.email });
  let code: string | undefined;
  await until(async () => {
    const mail = sink.messages.findLast((m) => m.envelope.to.includes(ana.email));
    code = mail?.text ? /(\d{6})/.exec(mail.text)?.[1] : undefined;
    return !!code;
  });
  await ok(token, 'POST', `/me/contact-methods/${made.id}/verify`, { code });
  // Two services (named by integrations): Checkout pages Ana, Billing has no chain.
  await ok(adminToken, 'POST', '/integrations', { name: 'Shop', type: 'generic', service: 'Checkout' });
  await ok(adminToken, 'POST', '/integrations', { name: 'Invoices', type: 'generic', service: 'Billing' });
  const checkout = (await ok(adminToken, 'GET', '/services')).items.find(
    (s: { name: string }) => s.name === 'Checkout',
  ).id;
  const policy = await ok(adminToken, 'POST', '/escalation-policies', {
    name: 'Checkout on-call',
    repeat: 0,
    levels: [{ timeoutMinutes: 10, targets: [{ type: 'user', id: anaId }] }],
  });
  await ok(adminToken, 'PUT', `/services/${checkout}/chain`, {
    teamId: null,
    ownerId: null,
    escalationPolicyId: policy.id,
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

test(
  'the integration form picks a service and says whom it pages; a rule built with the form routes a real delivery',
  { skip },
  async () => {
    const { context, page, errors } = await signedInPage(browser, server.url, ADMIN);
    await page.goto(`${server.url}/admin/integrations`);
    await page.getByRole('button', { name: 'New integration' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New integration' });
    await dialog.getByLabel('Name').fill('Production Prometheus');
    const service = dialog.getByRole('combobox', { name: 'Service (optional)' });
    const route = dialog.getByTestId('integration-route');

    // A service without a chain: nobody is reachable, with the way to fix it.
    await service.fill('Bill');
    await page.getByRole('option', { name: 'Billing' }).click();
    await route.getByText('Nobody is reachable').waitFor();
    await route.getByText('Pages nobody: no escalation policy covers it.').waitFor();
    assert.equal(
      await route.getByRole('link', { name: 'Set up its chain on Services' }).getAttribute('href'),
      '/admin/services',
    );
    // A new name: created with the integration, and paging nobody yet.
    await service.fill('Payments');
    await route
      .getByText(/^Payments is a new service: it pages nobody until it has an escalation policy/)
      .waitFor();
    // Checkout, picked with the keyboard: its chain, the person and how she is reached.
    await service.fill('Check');
    await service.press('ArrowDown');
    await service.press('Enter');
    assert.equal(await service.inputValue(), 'Checkout');
    await route.getByText('Pages Checkout on-call: one person, by email: Ana Lytic by email').waitFor();
    await noViolations(page, 'new integration form with its route');
    await dialog.getByRole('button', { name: 'Create integration' }).click();

    const shown = page.getByRole('dialog', { name: 'Connect your integration' });
    const key = await shown.getByRole('textbox', { name: 'Integration key' }).inputValue();
    const webhookUrl = await shown.getByRole('textbox', { name: 'Webhook URL', exact: true }).inputValue();
    await shown.getByRole('button', { name: 'Done, I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });

    // The integration page: the URL is there for good, the key is not; whom its service pages.
    await page.getByRole('link', { name: 'Production Prometheus' }).click();
    await page.getByRole('heading', { level: 1, name: 'Production Prometheus' }).waitFor();
    const connect = page.getByRole('region', { name: 'Connect the source' });
    assert.equal(await connect.getByRole('textbox', { name: 'Webhook URL' }).inputValue(), webhookUrl);
    await connect.getByRole('button', { name: 'Copy webhook url' }).waitFor();
    const snippet = (await connect.getByRole('region', { name: 'alertmanager.yml' }).textContent()) ?? '';
    assert.ok(snippet.includes(`url: ${webhookUrl}`), snippet);
    assert.ok(snippet.includes('credentials: <integration key>'), snippet);
    assert.equal((await page.content()).includes(key), false);
    await page
      .getByTestId('integration-route')
      .getByText('Pages Checkout on-call: one person, by email: Ana Lytic by email')
      .waitFor();

    // A rule with the form: the key opens it, a condition on a label, a fixed urgency.
    const rules = page.getByRole('region', { name: 'Routing rules' });
    await rules.getByText('No rules of its own.').waitFor();
    await rules.getByRole('button', { name: 'Add a rule' }).focus();
    await page.keyboard.press('Enter');
    const card = rules.getByRole('region', { name: /^Rule 1/ });
    await card.getByRole('textbox', { name: 'Rule 1: name' }).fill('Checkout errors');
    assert.equal(await card.getByRole('textbox', { name: 'Rule 1: id' }).inputValue(), 'checkout-errors');
    await card.getByRole('combobox', { name: 'Rule 1, condition 1: field' }).selectOption('label');
    await card.getByRole('textbox', { name: 'Rule 1, condition 1: label name' }).fill('service');
    await card.getByRole('combobox', { name: 'Rule 1, condition 1: operator' }).selectOption('is');
    await card.getByRole('textbox', { name: 'Rule 1, condition 1: value' }).fill('checkout');
    await card.getByRole('combobox', { name: 'Rule 1: urgency' }).selectOption('P2');
    await noViolations(page, 'integration page, rule form');

    // Tested against a sample before saving: the critical alert takes the rule and opens a P2.
    await rules.getByLabel('Sample payload (JSON)').fill(firing);
    await rules
      .getByRole('combobox', { name: 'Rules to test' })
      .selectOption({ label: 'Rule 1: Checkout errors alone' });
    await rules.getByRole('button', { name: 'Test', exact: true }).click();
    const result = rules.getByRole('table', { name: 'What the rules would do' });
    await result.getByRole('cell', { name: 'Checkout errors' }).waitFor();
    await result.getByText(/^Opens P2 after 1 in 5 min · grouped by/).waitFor();

    // The JSON view says the same rule.
    await rules.getByRole('switch', { name: 'Advanced: JSON' }).check();
    const json = rules.getByRole('textbox', { name: 'Rules, tried in order (JSON)' });
    const expected = [
      {
        id: 'checkout-errors',
        name: 'Checkout errors',
        match: { labels: { service: 'checkout' } },
        action: 'open',
        classification: {},
        urgency: 'P2',
        threshold: { count: 1, windowMinutes: 5 },
        groupBy: null,
        repeatIntervalMinutes: 240,
        autoResolve: true,
      },
    ];
    assert.deepEqual(JSON.parse(await json.inputValue()), expected);
    // JSON that cannot be read blocks leaving the view and saving, with the reason.
    await json.fill('[{"id": ');
    await rules.getByRole('switch', { name: 'Advanced: JSON' }).click();
    assert.equal(await rules.getByRole('switch', { name: 'Advanced: JSON' }).isChecked(), true);
    await rules.getByText(/^This is not valid JSON: .*Fix it to go back to the form\.$/).waitFor();
    await rules.getByRole('button', { name: 'Save routing rules' }).click();
    await rules.getByText(/^This is not valid JSON: /).waitFor();
    await json.fill(JSON.stringify(expected));
    await rules.getByRole('switch', { name: 'Advanced: JSON' }).uncheck();
    assert.equal(
      await card.getByRole('textbox', { name: 'Rule 1, condition 1: value' }).inputValue(),
      'checkout',
    );
    await rules.getByRole('button', { name: 'Save routing rules' }).click();
    await page.getByText('Routing rules saved.').waitFor();
    const integrationId = new URL(webhookUrl).pathname.split('/')[4]!;
    const saved = await ok(adminToken, 'GET', `/integrations/${integrationId}`);
    assert.deepEqual(saved.rules, expected);

    // A real delivery, key in the header, to the URL the page shows: the rule routes it (P2, not
    // the P1 a critical alert gets by default), and Checkout's chain pages Ana.
    const sent = await fetch(new URL(new URL(webhookUrl).pathname, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: firing,
    });
    assert.equal(sent.status, 202, await sent.text());
    let incident: { number: number; urgency: string } | undefined;
    await until(async () => {
      const alerts = (await ok(adminToken, 'GET', `/integrations/${integrationId}/alerts`)).items;
      if (!alerts[0]?.incidentId) return false;
      incident = await ok(adminToken, 'GET', `/incidents/${alerts[0].incidentId}`);
      return true;
    });
    assert.equal(incident!.urgency, 'P2');
    await until(async () =>
      sink.messages.some(
        (m) => m.envelope.to.includes(ana.email) && m.subject?.includes(`#${incident!.number} `),
      ),
    );
    assert.deepEqual(unexpected(errors), []);
    await context.close();
  },
);

test('the rule form and the connect section fit a phone', { skip }, async () => {
  const made = await ok(adminToken, 'POST', '/integrations', {
    name: 'Phone Grafana',
    type: 'grafana',
    rules: [
      { id: 'disks', name: 'Ignore disks', match: { labels: { alertname: '/Disk.*/' } }, action: 'drop' },
    ],
  });
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(`${server.url}/admin/integrations/${made.integration.id}`);
  const card = page.getByRole('region', { name: 'Rule 1: Ignore disks' });
  assert.equal(
    await card.getByRole('combobox', { name: 'Rule 1, condition 1: operator' }).inputValue(),
    'matches',
  );
  assert.equal(
    await card.getByRole('textbox', { name: 'Rule 1, condition 1: value' }).inputValue(),
    'Disk.*',
  );
  assert.equal(
    await card.getByRole('radio', { name: 'Drop: keep the alerts, open nothing' }).isChecked(),
    true,
  );
  const connect = page.getByRole('region', { name: 'Connect the source' });
  await connect.getByText(/Authorization Header - Scheme to Bearer/).waitFor();
  assert.equal(await overflow(page), 0);
  await noViolations(page, 'integration page on a phone');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

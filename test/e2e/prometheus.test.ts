/**
 * Admin → Prometheus in a real browser at phone width: the admin sets the base URL of a stand-in
 * answering Prometheus's documented `/api/v1/query` shape (on 127.0.0.1, allow-listed as the
 * fakes are), is told its host must be allowed, tests it and reads that it answered, then clears
 * it. And the room's Verification panel watching an integration's alert rate, chosen by name. No
 * serious accessibility violations, nothing wider than the phone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakePrometheus, type FakePrometheus } from '../helpers/fakes/prometheus-api.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, overflow, signedInPage, unexpected } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let prom: FakePrometheus;
before(async () => {
  if (skip) return;
  [server, browser, prom] = await Promise.all([startWebServer(), launchBrowser(), startFakePrometheus(1)]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await prom?.close();
});

test('an admin sets Prometheus, tests it and clears it, on a phone', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(`${server.url}/admin/prometheus`);
  await page.getByRole('heading', { name: 'Prometheus', level: 1 }).waitFor();

  const field = page.getByRole('textbox', { name: /^Base URL of the Prometheus HTTP API/ });
  await field.fill(prom.url);
  const host = new URL(prom.url).host;
  await page.getByText(`allow ${host} there first`).waitFor();
  assert.equal(
    await page.getByRole('link', { name: 'Outbound hosts' }).last().getAttribute('href'),
    '/admin/outbound',
  );

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Prometheus set to ${prom.url}.`).waitFor();
  await page.getByRole('button', { name: 'Test' }).click();
  await page.getByText('Prometheus answered', { exact: true }).waitFor();
  await page.getByText(`${prom.url} answered vector(1) with 1`).waitFor();
  assert.deepEqual(prom.queries, ['vector(1)']);
  assert.deepEqual(prom.violations, []);
  await noViolations(page, 'the Prometheus page');
  assert.equal(await overflow(page), 0, 'the Prometheus page fits a phone');

  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByText('No Prometheus is configured now.').waitFor();
  assert.equal(await field.inputValue(), '');
  const setting = await page.request.get(`${server.url}/api/v1/settings/prometheus`);
  assert.deepEqual(await setting.json(), { baseUrl: null });
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test("a responder watches an integration's alert rate from the Verification panel", { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
  });
  const api = async (url: string, data: unknown) => {
    const res = await page.request.post(`${server.url}/api/v1${url}`, {
      headers: { origin: server.url },
      data,
    });
    assert.ok(res.ok(), `${url}: ${res.status()} ${await res.text()}`);
    return await res.json();
  };
  await api('/integrations', { name: 'Payments', type: 'pagerduty' });
  const incident = await api('/incidents', {
    title: 'Card payments failing',
    area: 'BE',
    scope: 'ALL',
    criticality: 'ALLBLOCK',
  });

  await page.goto(`${server.url}/incidents/${incident.number}`);
  const panel = page.getByRole('region', { name: 'Verification' });
  await panel.getByRole('button', { name: 'Watch a metric' }).click();
  await panel.getByText("An integration's alert rate").click();
  await panel.getByRole('combobox', { name: /^Integration/ }).click();
  await page.getByRole('option', { name: 'Payments' }).click();
  await panel.getByRole('textbox', { name: 'Bad above (per minute)' }).fill('5');
  await panel.getByRole('button', { name: 'Watch this metric' }).click();
  await panel.getByText('the alert rate of Payments (bad > 5 per minute)').first().waitFor();
  await noViolations(page, "the Verification panel's integration choice");
  assert.equal(await overflow(page), 0, 'the room fits a phone');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

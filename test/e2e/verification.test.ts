/**
 * Verification in a real browser against a real server, on a phone: an alert-opened incident shows
 * its Verification panel with the chart of its signals; moved to monitoring, the server's own check
 * starts the spell and holds off resolving, so the status dialog shows the hold and asks why it
 * resolves anyway, a reason the timeline keeps. A responder chooses a watched query in the panel.
 * The pages fit a phone and have no serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  browserSkipReason,
  launchBrowser,
  newPage,
  signIn,
  startWebServer,
  type WebServer,
} from './browser.ts';
import { noViolations, overflow, unexpected, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'the Verification panel, its chart, and resolving an unverified fix with a reason',
  { skip },
  async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page, errors } = await newPage(context);
    await signIn(page, server.url);
    const api = async (method: 'post' | 'put', url: string, data: unknown) => {
      const res = await page.request[method](`${server.url}/api/v1${url}`, {
        headers: { origin: server.url },
        data,
      });
      assert.ok(res.ok(), `${url}: ${res.status()} ${await res.text()}`);
      return await res.json();
    };

    // An incident opened by an alert, owned, then monitored by hand.
    const created = await api('post', '/integrations', { name: 'Payments', type: 'pagerduty' });
    const sent = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: created.key,
        event_action: 'trigger',
        dedup_key: 'checkout-errors',
        payload: { summary: 'Checkout errors', source: 'pay-01', severity: 'error' },
      }),
    });
    assert.equal(sent.status, 202);
    const alerts = await page.request.get(
      `${server.url}/api/v1/integrations/${created.integration.id}/alerts`,
    );
    const incidentId = ((await alerts.json()) as { items: { incidentId: string }[] }).items[0]!.incidentId;
    await api('post', `/incidents/${incidentId}/ownership`, {});
    await api('post', `/incidents/${incidentId}/status`, { status: 'investigating' });
    const incident = await api('post', `/incidents/${incidentId}/status`, { status: 'monitoring' });

    await page.goto(`${server.url}/incidents/${incident.number}`);
    const panel = page.getByRole('region', { name: 'Verification' });
    await panel.getByText('the rate of its alerts (none firing, none new)').first().waitFor();
    await panel.getByTestId('verification-chart').waitFor();
    // The server's check (every 30 s) starts the spell and places the hold.
    await until(async () => {
      const res = await page.request.get(`${server.url}/api/v1/incidents/${incidentId}/holds`);
      return ((await res.json()) as { items: unknown[] }).items.length > 0;
    }, 60_000);
    await panel.getByText('Waiting for the metric to be good').waitFor({ timeout: 45_000 });
    assert.equal(await overflow(page), 0, 'the room with its Verification panel fits a phone');
    await noViolations(page, 'the incident room with its Verification panel');

    await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Held back').waitFor();
    await dialog.getByText(/The fix is not verified on the rate of its alerts/).waitFor();
    await dialog.getByRole('textbox', { name: /^Resolution summary/ }).fill('Cache key fixed');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await dialog.getByText('Say why it moves anyway: the reason is recorded on the timeline').waitFor();
    await noViolations(page, 'the status dialog with a hold');
    await dialog.getByRole('textbox', { name: /^Why move anyway/ }).fill('The customer confirmed it works');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Reason: The customer confirmed it works').waitFor();

    // A responder (here the admin) chooses a watched query in the panel.
    await panel.getByRole('button', { name: 'Watch a metric' }).click();
    await panel.getByRole('textbox', { name: /^PromQL query/ }).fill('sum(rate(http_errors_total[1m]))');
    await panel.getByRole('textbox', { name: 'Threshold' }).fill('0.05');
    await panel.getByRole('button', { name: 'Watch this metric' }).click();
    await panel.getByText('sum(rate(http_errors_total[1m])) (bad > 0.05)').first().waitFor();
    await panel.getByText('No chart: No Prometheus is configured.').waitFor();
    assert.equal(await overflow(page), 0);
    await noViolations(page, 'the Verification panel with its form');
    assert.deepEqual(unexpected(errors, 400), []);
    await context.close();
  },
);

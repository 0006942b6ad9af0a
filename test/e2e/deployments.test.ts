/**
 * Deployments in a real browser on a phone: a deployment of the incident's service and its
 * rollback show in the room as one line ("deployed v4.2.2 at … — rolled back at …") with its
 * link, and in the Deployments view (reached from the navigation) under the service and
 * environment, where an admin adds a GitHub hook and gets its address; no sideways scrolling, no console errors, no serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let token: string;

const ok = (method: string, url: string, body?: unknown) => okApi(server.url, token, method, url, body);

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  token = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token as string;
  await ok('POST', '/integrations', { name: 'API', type: 'generic', service: 'api' });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'the room shows "deployed … rolled back …" and the Deployments view lists it, on a phone',
  { skip },
  async () => {
    const incident = await ok('POST', '/incidents', { title: 'Checkout times out', service: 'api' });
    const deployment = await ok('POST', '/deployments', {
      service: 'api',
      version: 'v4.2.2',
      environment: 'production',
      url: 'https://ci.example.com/runs/812',
    });
    await ok('PATCH', `/deployments/${deployment.id}`, { status: 'rolled-back', rolledBackTo: 'v4.2.1' });

    const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
      viewport: { width: 375, height: 812 },
    });
    try {
      await page.goto(`${server.url}/incidents/${incident.number}`);
      const strip = page.getByRole('group', { name: 'Fix: deployments' });
      await strip
        .getByText(/deployed v4\.2\.2 at \d{1,2}:\d{2}.* — rolled back at \d{1,2}:\d{2}.* to v4\.2\.1/)
        .waitFor();
      assert.equal(
        await strip.getByRole('link', { name: 'api v4.2.2: details' }).getAttribute('href'),
        'https://ci.example.com/runs/812',
      );
      // The timeline has it too, in words.
      await page.getByText('Rolled back api v4.2.2 in production').first().waitFor();
      assert.equal(await overflow(page), 0, 'the room fits the phone');
      await noViolations(page, 'the incident room with deployments');

      await page.getByRole('button', { name: 'Toggle navigation' }).click();
      await page.getByRole('link', { name: 'Deployments' }).click();
      await page.getByRole('heading', { level: 1, name: 'Deployments' }).waitFor();
      const group = page.getByRole('region', { name: 'api in production' });
      await group.getByText(/deployed v4\.2\.2 at .* — rolled back at .* to v4\.2\.1/).waitFor();
      await group.getByText('Rolled back', { exact: true }).waitFor();
      assert.equal(await overflow(page), 0, 'the Deployments view fits the phone');
      await noViolations(page, 'the Deployments view');

      // An admin adds a GitHub hook for one repository and gets its address.
      await page.getByRole('button', { name: 'Add a hook' }).click();
      const form = page.getByRole('form', { name: 'Add a deployment hook' });
      await form.getByLabel('Name').fill('GitHub: api');
      await form.getByLabel('Secret').fill('a-long-random-secret-1234');
      await form.getByLabel('Service', { exact: true }).click();
      await page.getByRole('option', { name: 'api' }).click();
      await form.getByLabel('Only for repository (optional)').fill('acme/api');
      await noViolations(page, 'the hook form');
      await form.getByRole('button', { name: 'Add the hook' }).click();
      const address = page.getByRole('textbox', { name: 'Address of GitHub: api' });
      await address.waitFor();
      assert.match(await address.inputValue(), /\/api\/v1\/deployment-hooks\/[0-9a-f-]{36}\/deliveries$/);
      await page.getByText('GitHub: api · GitHub (deployment statuses) · acme/api → api').waitFor();
      assert.equal(await overflow(page), 0, 'the hooks fit the phone');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  },
);

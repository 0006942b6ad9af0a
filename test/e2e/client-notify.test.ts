/**
 * Telling a client's emergency contacts from the incident room, in a real browser: the contacts
 * show under the SLA clocks (email as a mailto link, their channel order in words); "Notify client
 * contacts" opens a dialog with a prefilled message whose refusals are said in the dialog, and
 * Ctrl+Enter sends it; the timeline tells the story. Readers see the contacts but not the button,
 * and everything fits a 375 px screen. Pages are free of console errors and of serious
 * accessibility violations.
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
let incident: number;
const READER = {
  email: 'rita@example.com',
  password: 'rita-password-1',
  name: 'Rita Reader',
  role: 'stakeholder',
};
const PREFILLED =
  'We are aware of a problem affecting your service and are working on it. We will update you within 30 minutes.';

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const signedInPage = (who: { email: string; password: string }, options: BrowserContextOptions = {}) =>
  openSignedIn(browser, server.url, who, options);

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  adminToken = (await ok('', 'POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password })).token;
  await ok(adminToken, 'POST', '/users', READER);
  const client = await ok(adminToken, 'POST', '/clients', {
    name: 'Acme Shop',
    tier: 'Standard',
    emergencyContacts: [{ name: 'Ann (CTO)', email: 'ann@acme.example', order: ['email'] }],
  });
  incident = (
    await ok(adminToken, 'POST', '/incidents', {
      title: 'Acme checkout is down',
      area: 'DEVOPS',
      scope: 'ALL-USERS',
      criticality: 'ALLBLOCK',
    })
  ).number;
  await ok(adminToken, 'PUT', `/incidents/${incident}/client`, { clientId: client.id });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a responder notifies the client contacts from the incident room', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN);
  await page.goto(`${server.url}/incidents/${incident}`);
  const clocks = page.getByRole('region', { name: 'Service level clocks' });
  const contacts = clocks.getByRole('list', { name: 'Emergency contacts' });
  await contacts.getByText('Ann (CTO)').waitFor();
  assert.equal(
    await contacts.getByRole('link', { name: 'ann@acme.example' }).getAttribute('href'),
    'mailto:ann@acme.example',
  );
  assert.equal(await contacts.getByRole('link').count(), 1, 'no phone link without a phone');
  await contacts.getByText('Email', { exact: true }).waitFor();
  await noViolations(page, 'an incident with client contacts');

  await clocks.getByRole('button', { name: 'Notify client contacts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Notify client contacts' });
  const message = dialog.getByLabel('Message to the client');
  await message.waitFor();
  assert.equal(await message.inputValue(), PREFILLED);
  await dialog.getByText(`${PREFILLED.length} of 500 characters`).waitFor();
  await noViolations(page, 'the notify dialog');

  // Nothing written: said at the field, nothing sent.
  await message.fill('   ');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText('Write the message to send').waitFor();

  // A refused message is said at the field and the text stays.
  await page.route('**/api/v1/incidents/*/client/notify', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({
        error: {
          code: 'invalid_request',
          message: 'body.message: Too big',
          details: [{ field: 'body.message', message: 'Too long for a text message' }],
        },
      }),
    }),
  );
  await message.fill('Checkout is down; we are on it.');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByText('Too long for a text message').waitFor();
  assert.equal(await message.inputValue(), 'Checkout is down; we are on it.');
  assert.equal(await dialog.getByRole('alert').count(), 0, 'a field error is not repeated above');
  await page.unrouteAll();

  // No client or contacts any more (409): said in the dialog, which stays open.
  await page.route('**/api/v1/incidents/*/client/notify', (route) =>
    route.fulfill({
      status: 409,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'conflict', message: 'Acme Shop has no emergency contacts.' } }),
    }),
  );
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByRole('alert').getByText('Acme Shop has no emergency contacts.').waitFor();
  await page.unrouteAll();

  // Ctrl+Enter sends.
  await message.fill('Checkout is down; we are working on it.');
  await message.press('Control+Enter');
  await page.getByText('Sending to 1 contact', { exact: true }).waitFor();
  await dialog.waitFor({ state: 'hidden' });

  const timeline = page.getByRole('list', { name: /^Timeline entries/ });
  await timeline.getByText("asked to notify the client's contacts (1)").waitFor();
  await timeline.getByText('Checkout is down; we are working on it.').waitFor();
  // Whether email is configured here or not, the attempt's outcome is told in a sentence.
  await timeline
    .getByText(
      /^(Client contact Ann \(CTO\) reached by email|Client contact Ann \(CTO\) could not be reached on any channel)$/,
    )
    .first()
    .waitFor({ timeout: 20_000 });
  await noViolations(page, 'the timeline after notifying');
  assert.deepEqual(unexpected(errors, 400, 409), []);
  await context.close();
});

test('readers see the client contacts but cannot notify them', { skip }, async () => {
  const { context, page, errors } = await signedInPage(READER);
  await page.goto(`${server.url}/incidents/${incident}`);
  const clocks = page.getByRole('region', { name: 'Service level clocks' });
  await clocks.getByRole('link', { name: 'ann@acme.example' }).waitFor();
  assert.equal(await clocks.getByRole('button', { name: 'Notify client contacts' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('client contacts and the notify dialog fit a 375 px screen', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN, {
    viewport: { width: 375, height: 800 },
    hasTouch: true,
  });
  await page.goto(`${server.url}/incidents/${incident}`);
  const clocks = page.getByRole('region', { name: 'Service level clocks' });
  await clocks.getByRole('link', { name: 'ann@acme.example' }).waitFor();
  assert.equal(await overflow(page), 0, 'the room fits the screen');
  await noViolations(page, 'client contacts on a phone');
  await clocks.getByRole('button', { name: 'Notify client contacts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Notify client contacts' });
  await dialog.getByLabel('Message to the client').waitFor();
  assert.equal(await overflow(page), 0, 'the dialog fits the screen');
  await noViolations(page, 'the notify dialog on a phone');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(errors, []);
  await context.close();
});

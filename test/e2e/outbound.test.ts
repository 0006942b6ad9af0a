/**
 * The "Outbound hosts" admin page in a real browser: an admin allows an internal host with a note,
 * a bad host is refused beside its field, the host from the configuration shows read-only, and a
 * host is removed after confirming. No serious accessibility violations along the way.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  accessibilityViolations,
  browserSkipReason,
  launchBrowser,
  newPage,
  signIn,
  startWebServer,
  type WebServer,
} from './browser.ts';

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

test('an admin allows an internal host, sees it, and removes it', { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await signIn(page, server.url);

  await page.getByRole('link', { name: 'Outbound hosts' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/outbound');
  await page.getByRole('heading', { name: 'Outbound hosts' }).waitFor();
  // The test server's own allow-list (EXPEDITE_OUTBOUND_ALLOW) is shown, not editable.
  await page.getByRole('cell', { name: 'From the server configuration (EXPEDITE_OUTBOUND_ALLOW)' }).waitFor();

  await page.getByRole('textbox', { name: /^Host/ }).fill('http://relay.internal/');
  await page.getByRole('button', { name: 'Allow host' }).click();
  await page.getByText('not a host or host:port').waitFor();
  errors.splice(0, errors.length, ...errors.filter((e) => !/status of 400/.test(e)));

  await page.getByRole('textbox', { name: /^Host/ }).fill('Relay.Internal:8443');
  await page.getByRole('textbox', { name: /^Note/ }).fill('Chat relay');
  await page.getByRole('button', { name: 'Allow host' }).click();
  await page.getByRole('cell', { name: 'relay.internal:8443', exact: true }).waitFor();
  await page.getByRole('cell', { name: 'Chat relay' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], 'axe on the outbound hosts page');

  await page.getByRole('button', { name: 'Remove relay.internal:8443' }).click();
  await page.getByRole('button', { name: 'Remove host' }).click();
  await page.getByRole('cell', { name: 'relay.internal:8443', exact: true }).waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

/** The app shell: a signed-in person gets the frame with the Declare action; signed out goes to sign-in. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
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
before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('signed out, a deep link goes to sign-in and remembers where it was going', { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await page.goto(`${server.url}/incidents/7`);
  await page.waitForURL(/\/signin\?next=%2Fincidents%2F7$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('signed in, the frame offers Declare incident and passes axe', { skip }, async () => {
  const context = await browser.newContext();
  const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: ADMIN });
  assert.equal(login.status(), 200);
  const { page, errors } = await newPage(context);
  await page.goto(server.url);
  await page
    .getByRole('button', { name: /Declare/ })
    .first()
    .waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

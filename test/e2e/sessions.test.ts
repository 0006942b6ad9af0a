/**
 * Sessions in the web app: the sign-in page explains a pause after too many wrong passwords
 * (item 4); /me lists where one is signed in, signs other sessions out, and changes the password
 * (item 3).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  ADMIN,
  browserSkipReason,
  launchBrowser,
  newPage,
  startWebServer,
  type WebServer,
} from './browser.ts';
import { callApi, noViolations, okApi, signedInPage, unexpected } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let adminToken: string;
before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launchBrowser();
  adminToken = (await callApi(server.url, '', 'POST', '/auth/login', ADMIN)).body.token;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const person = (email: string) => ({ email, password: 'person-password-1' });
const addPerson = (email: string) =>
  okApi(server.url, adminToken, 'POST', '/users', {
    email,
    name: email.split('@')[0],
    role: 'responder',
    password: 'person-password-1',
  });

test(
  'after too many wrong passwords the sign-in page says sign-in is paused and for how long',
  { skip },
  async () => {
    const who = person('guessed@example.com');
    await addPerson(who.email);
    for (let i = 0; i < 10; i++)
      assert.equal(
        (await callApi(server.url, '', 'POST', '/auth/login', { ...who, password: `guess-${i}` })).status,
        401,
      );

    const context = await browser.newContext();
    const { page, errors } = await newPage(context);
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in paused' });
    await alert.getByText('Too many sign-in attempts for this account or from this network').waitFor();
    assert.match(await alert.innerText(), /Try again in 15 minutes\./);
    await noViolations(page, 'sign-in paused');
    assert.deepEqual(unexpected(errors, 429), []);
    await context.close();
  },
);

test('my sessions: listed on /me, the others signed out, then a new password', { skip }, async () => {
  const who = person('roaming@example.com');
  await addPerson(who.email);
  const phone = await callApi(server.url, '', 'POST', '/auth/login', who);
  const { context, page, errors } = await signedInPage(browser, server.url, who);
  await page.goto(`${server.url}/me`);
  const table = page.getByRole('table', { name: 'My sessions' });
  await table.getByText('This browser').waitFor();
  assert.equal(await table.getByRole('row').count(), 3, 'a header and two sessions');
  await noViolations(page, 'my sessions');

  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('Signed out of 1 session.').waitFor();
  assert.equal((await callApi(server.url, phone.body.token, 'GET', '/auth/me')).status, 401);
  await table.getByRole('row').nth(2).waitFor({ state: 'detached' });

  const again = await callApi(server.url, '', 'POST', '/auth/login', who);
  await page.getByRole('button', { name: 'Change my password' }).click();
  await page.getByLabel('Current password').fill(who.password);
  await noViolations(page, 'changing my password');
  await page.getByLabel('New password').fill('a whole new passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText(/^Password changed\. Signed out of 1 other session/).waitFor();
  assert.equal((await callApi(server.url, again.body.token, 'GET', '/auth/me')).status, 401);
  // This browser stays signed in.
  await page.reload();
  await table.getByText('This browser').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

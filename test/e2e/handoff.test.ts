/**
 * Handing work to the tracker in a real browser, on a phone: an admin adds a GitHub tracker on the
 * Trackers page; a responder declares an incident with steps to reproduce, hands it to the tracker
 * from the room ("Hand to tracker"), and the ticket's link shows, as the GitHub stand-in received
 * it (with the steps). No console errors, no serious
 * accessibility violations, nothing wider than the screen.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakeGitHub } from '../helpers/fakes/github.ts';
import type { FakeTracker } from '../helpers/fakes/issue-server.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let github: FakeTracker;
const GRACE = {
  email: 'grace@example.com',
  password: 'grace-password-1',
  name: 'Grace Hopper',
  role: 'responder',
};

before(async () => {
  if (skip) return;
  github = await startFakeGitHub({ repo: 'acme/web', token: 'ghp_browser_token' });
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const admin = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token as string;
  await okApi(server.url, admin, 'POST', '/users', GRACE);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await github?.close();
  if (!skip) assert.deepEqual(github.violations, []);
});

test('an admin adds a GitHub tracker on the Trackers page; its token is not shown', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(`${server.url}/admin/trackers`);
  await page.getByText('No tracker yet').waitFor();
  const form = page.getByRole('form', { name: 'Add a tracker' });
  await form.getByRole('textbox', { name: /^Name/ }).fill('Web backlog');
  await form.getByLabel('API address').fill(github.baseUrl);
  await form.getByLabel('Repository (owner/name)').fill('acme/web');
  await form.getByLabel('Access token').fill('ghp_browser_token');
  await form.getByLabel('The default tracker').check();
  await noViolations(page, 'the trackers page');
  await form.getByRole('button', { name: 'Add tracker' }).click();
  const row = page.getByRole('row', { name: /Web backlog/ });
  await row.getByText('Default').waitFor();
  assert.ok(!(await page.content()).includes('ghp_browser_token'), 'the token is not on the page');
  assert.equal(await overflow(page), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('declare with steps, hand to the tracker from the room, the link shows (phone)', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, GRACE, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(server.url);
  await page.getByRole('main').getByRole('button', { name: 'Declare an incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('What is wrong?').fill('Export button does nothing');
  await dialog.getByLabel('Steps to reproduce (optional)').fill('1. Open Reports\n2. Click Export');
  await noViolations(page, 'the declare form');
  await dialog.getByRole('button', { name: 'Declare incident' }).click();
  await page.waitForURL(/\/incidents\/\d+$/);
  const number = Number(/(\d+)$/.exec(page.url())![1]);

  await page.getByText('Steps to reproduce', { exact: true }).waitFor();
  const strip = page.getByRole('group', { name: 'Tracker' });
  await strip.getByRole('button', { name: 'Hand to tracker (GitHub: Web backlog)' }).click();
  const link = strip.getByRole('link', { name: '#1' });
  await link.waitFor({ timeout: 20_000 });
  assert.equal(await link.getAttribute('href'), 'https://github.com/acme/web/issues/1');
  await strip.getByText('Open').waitFor();
  // The toasts ("Incident #… declared", "Handing #… to …") are dismissed: the room is what is checked.
  for (const b of await page.getByRole('button', { name: 'Dismiss' }).all()) await b.click();
  await until(async () => (await page.getByRole('button', { name: 'Dismiss' }).count()) === 0);
  await noViolations(page, 'the room with its ticket');
  assert.equal(await overflow(page), 0);

  assert.equal(github.issues.length, 1);
  const body = github.issues[0]!.body as string;
  assert.ok(body.includes('## Steps to reproduce\n1. Open Reports\n2. Click Export'), body);
  assert.ok(body.includes(`/incidents/${number})`), body);
  assert.deepEqual(errors, []);
  await context.close();

  // In the dark, a reader (the admin here) sees the same link.
  const dark = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
    colorScheme: 'dark',
  });
  await dark.page.goto(`${server.url}/incidents/${number}`);
  await dark.page.getByRole('group', { name: 'Tracker' }).getByRole('link', { name: '#1' }).waitFor();
  await noViolations(dark.page, 'the room in the dark');
  assert.deepEqual(dark.errors, []);
  await dark.context.close();
});

/**
 * The communication panel of the incident room, in a real browser: "next update due in N min" for a
 * P2, an overdue P1 flagged, a stage's template filling both texts, the preview per audience (who
 * receives what), sending, and the sent update in the panel and on the timeline. Readers see the
 * updates but no form; the panel fits a 390 px phone. Admins set the cadence and stakeholder lists.
 * A resolved incident gets links and its conclusion, each part sent once. Pages pass axe without
 * serious violations.
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
let p2: number;
let p1: number;
let done: number;
const READER = {
  email: 'sam@example.com',
  password: 'sam-password-1',
  name: 'Sam Reader',
  role: 'stakeholder',
};

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const signedInPage = (who: { email: string; password: string }, options: BrowserContextOptions = {}) =>
  openSignedIn(browser, server.url, who, options);

const declare = async (title: string, urgency: string) =>
  (
    await ok(adminToken, 'POST', '/incidents', {
      title,
      scope: 'USERS',
      criticality: 'FBLOCK',
      area: 'BE',
      urgency,
      urgencyReason: 'test',
      page: false,
      noPageReason: 'test',
    })
  ).number as number;

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  adminToken = (await ok('', 'POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password })).token;
  await ok(adminToken, 'POST', '/users', READER);
  await ok(adminToken, 'PUT', '/update-settings', { stakeholders: { default: ['board@example.com'] } });
  p2 = await declare('Invoices are late', 'P2');
  p1 = await declare('Nobody can log in', 'P1');
  done = await declare('Reports export broken', 'P3');
  await ok(adminToken, 'POST', `/incidents/${done}/status`, { status: 'investigating' });
  await ok(adminToken, 'POST', `/incidents/${done}/status`, { status: 'resolved', summary: 'Export fixed.' });
  // The P1 began 31 minutes ago: its first update (due after 30) is overdue.
  await server.db.pool.query(
    "UPDATE incidents SET created_at = created_at - interval '31 minutes' WHERE number = $1",
    [p1],
  );
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a responder previews an update per audience and sends it', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN);
  await page.goto(`${server.url}/incidents/${p2}`);
  const panel = page.getByRole('region', { name: 'Communication' });
  await panel
    .getByRole('status')
    .getByText(/^Next update due in (59|60) min$/)
    .waitFor();
  await panel
    .getByText('An update every 60 min; nobody to remind: give someone the comms lead role.')
    .waitFor();
  await noViolations(page, 'the communication panel');

  await panel.getByRole('button', { name: 'Write an update' }).click();
  const form = panel.getByRole('form', { name: 'Write an update' });
  const plain = form.getByLabel('Plain words (stakeholders, client, status page)');
  await plain.waitFor();
  assert.equal(
    await plain.inputValue(),
    'We are looking into a problem: Invoices are late (some customers, a feature is blocked, back end). ' +
      'We will send another update soon.',
  );
  await form.getByLabel('Stage', { exact: true }).click();
  await page.getByRole('option', { name: 'Identified' }).click();
  assert.equal(
    await plain.inputValue(),
    'We have found the cause of the problem with the service and are working on a fix.',
  );
  await form
    .getByLabel('Technical (for the team)')
    .fill('Queue consumer stuck on a poison message; draining it.');
  await plain.fill('Invoices are delayed. We found why and are fixing it.');
  await form.getByLabel('Data loss').fill('None.');
  await form.getByRole('checkbox', { name: /^Status page/ }).check();

  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByRole('region', { name: 'Preview per audience' });
  await preview.getByText('To: board@example.com').waitFor();
  await preview.getByText('Update (cause identified): Invoices are late').waitFor();
  await preview.getByText('Status: identified').waitFor();
  await preview.getByText('To: Every public status page').waitFor();
  await preview
    .getByText(/^Queue consumer stuck on a poison message; draining it\.\s+Data loss:\s+None\.$/)
    .waitFor();
  await noViolations(page, 'the preview');

  await form.getByRole('button', { name: 'Send update' }).click();
  await page.getByText('Update sent', { exact: true }).waitFor();
  const sent = panel.getByRole('list', { name: 'Sent updates' });
  await sent.getByText('Invoices are delayed. We found why and are fixing it.').waitFor();
  await sent.getByText('Identified', { exact: true }).waitFor();
  const timeline = page.getByRole('list', { name: /^Timeline entries/ });
  await timeline.getByText('sent an update (Identified)').waitFor();
  await timeline.getByText('To: Team (technical), Stakeholders, Status page').waitFor();
  await noViolations(page, 'the panel after sending');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('an overdue update is flagged; readers see no form', { skip }, async () => {
  const { context, page, errors } = await signedInPage(READER);
  await page.goto(`${server.url}/incidents/${p1}`);
  const panel = page.getByRole('region', { name: 'Communication' });
  await panel
    .getByRole('status')
    .getByText(/^Update overdue by [12] min$/)
    .waitFor();
  assert.equal(await panel.getByRole('button', { name: 'Write an update' }).count(), 0);
  await noViolations(page, 'an overdue update');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the panel and its form fit a 390 px phone', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN, {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
  });
  await page.goto(`${server.url}/incidents/${p1}`);
  const panel = page.getByRole('region', { name: 'Communication' });
  await panel
    .getByRole('status')
    .getByText(/^Update overdue/)
    .waitFor();
  await panel.getByRole('button', { name: 'Write an update' }).click();
  const form = panel.getByRole('form', { name: 'Write an update' });
  await form.getByRole('button', { name: 'Preview' }).click();
  await form
    .getByRole('region', { name: 'Preview per audience' })
    .getByText('To: board@example.com')
    .waitFor();
  assert.equal(await overflow(page), 0, 'the room fits the screen');
  await noViolations(page, 'the form on a phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an admin sets the cadence and the default stakeholder list', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN);
  await page.goto(`${server.url}/admin/updates`);
  const form = page.getByRole('form', { name: 'Update settings' });
  const p1Every = form.getByLabel('P1 every (min)');
  await p1Every.waitFor();
  assert.equal(await p1Every.inputValue(), '30');
  assert.equal(await form.getByLabel('Default list').inputValue(), 'board@example.com');
  await noViolations(page, 'the update settings');
  await p1Every.fill('20');
  await form.getByLabel('Default list').fill('board@example.com, press@example.com');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Update settings saved.').waitFor();
  const saved = await ok(adminToken, 'GET', '/update-settings');
  assert.equal(saved.cadence.P1, 20);
  assert.deepEqual(saved.stakeholders.default, ['board@example.com', 'press@example.com']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a resolved incident: links, and the conclusion sent part by part', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN);
  await page.goto(`${server.url}/incidents/${done}`);
  const panel = page.getByRole('region', { name: 'Communication' });
  await panel.getByText('No pull requests, tickets or documents attached yet.').waitFor();
  const linkForm = panel.getByRole('form', { name: 'Add a link' });
  await linkForm.getByLabel('Title').fill('Fix export');
  await linkForm.getByLabel('Address').fill('https://git.example.com/shop/pull/7');
  await linkForm.getByRole('button', { name: 'Add link' }).click();
  const link = panel.getByRole('list', { name: 'Links' }).getByRole('link', { name: 'Fix export' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'https://git.example.com/shop/pull/7');

  const team = panel.getByRole('region', { name: 'Summary to the team' });
  await team.getByText('Nobody on the incident has a verified email address.').waitFor();
  assert.match(
    await team.getByLabel('Summary to the team: text').inputValue(),
    /- Fix export \(pull-request\): https:\/\/git\.example\.com\/shop\/pull\/7/,
  );
  await team.getByText('Not sent').waitFor();
  const status = panel.getByRole('region', { name: 'Resolved on the status pages' });
  await status.getByText('To: Every public status page · Status: resolved').waitFor();
  await noViolations(page, 'the conclusion');
  await status.getByLabel('Resolved on the status pages: text').fill('We are back: exports work again.');
  await status.getByRole('button', { name: 'Send' }).click();
  await status.getByText(/^Sent .* by admin$/).waitFor();
  assert.equal(await status.getByRole('button', { name: 'Send' }).count(), 0, 'sent once');
  const timeline = page.getByRole('list', { name: /^Timeline entries/ });
  await timeline.getByText('sent the resolved update to the status pages').waitFor();
  await timeline.getByText('attached a link: Fix export').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Post-mortems in a real browser: in the incident room's Post-mortem panel a sentence naming a
 * colleague with a word of blame is flagged beside its section, with neutral wording, and the
 * action item agreed shows; the Action items view on a phone lists it overdue. No console errors,
 * no serious accessibility violations, nothing wider than the phone. On a phone, the post-mortem
 * is delegated to Grace and its due date moved, both on the timeline.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let adminToken: string;
let number: number;

const ok = (method: string, url: string, body?: unknown) => okApi(server.url, adminToken, method, url, body);

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  adminToken = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token as string;
  await ok('POST', '/users', {
    email: 'grace@example.com',
    password: 'grace-password-1',
    name: 'Grace Hopper',
    role: 'responder',
  });
  const incident = await ok('POST', '/incidents', {
    title: 'Checkout fails',
    scope: 'ALL',
    criticality: 'ALLBLOCK',
  });
  number = incident.number;
  await ok('POST', `/incidents/${number}/ownership`, {});
  await ok('POST', `/incidents/${number}/status`, { status: 'investigating' });
  await ok('POST', `/incidents/${number}/status`, {
    status: 'resolved',
    summary: 'Rolled the release back.',
  });
  await ok('POST', `/incidents/${number}/postmortem`, {});
  await ok('POST', `/incidents/${number}/postmortem/actions`, {
    kind: 'technical',
    title: 'Add a review step to the deploy pipeline',
    owner: ADMIN.email,
    dueOn: '2020-01-10',
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'the Post-mortem panel flags a sentence that blames Grace and shows the action item',
  { skip },
  async () => {
    const { context, page, errors } = await signedInPage(browser, server.url, ADMIN);
    await page.goto(`${server.url}/incidents/${number}`);
    const panel = page.getByRole('region', { name: 'Post-mortem' });
    await panel.getByText('Add a review step to the deploy pipeline (Technical change)').waitFor();
    const factors = panel.getByLabel('Contributing factors');
    await factors.fill(
      "Grace's careless deploy caused the outage. The deploy went out without a review step, which caused the outage.",
    );
    await panel.getByRole('button', { name: 'Save the document' }).click();
    await panel.getByText('This sentence may attribute blame').waitFor();
    await panel.getByText("“Grace's careless deploy caused the outage.”").waitFor();
    await panel.getByText('Consider: “The deploy caused the outage.”').waitFor();
    assert.equal(await panel.getByText('This sentence may attribute blame').count(), 1);
    await panel.getByText('Overdue').waitFor();
    await noViolations(page, 'the room with its post-mortem');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('the Action items view on a phone lists mine, overdue flagged', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(`${server.url}/actions`);
  await page.getByRole('heading', { name: 'Action items' }).waitFor();
  const list = page.getByRole('list', { name: 'Open action items' });
  await list.getByText('Add a review step to the deploy pipeline').waitFor();
  await list.getByText('Overdue').waitFor();
  await list.getByRole('link', { name: `#${number} Checkout fails` }).waitFor();
  assert.equal(await overflow(page), 0);
  await noViolations(page, 'the Action items view on a phone');
  await list.getByRole('button', { name: 'Mark done: Add a review step to the deploy pipeline' }).click();
  await page.getByText('No open action items of yours.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone the post-mortem is delegated to Grace and its due date moved', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(`${server.url}/incidents/${number}`);
  const form = page.getByRole('form', { name: 'Owner and due date' });
  await form.getByLabel('Post-mortem owner').selectOption({ label: 'Grace Hopper (grace@example.com)' });
  await form.getByLabel('Post-mortem due on').fill('2030-06-14');
  await form.getByRole('button', { name: 'Delegate or change the date' }).click();
  const panel = page.getByRole('region', { name: 'Post-mortem' });
  await panel.getByText(/Owner Grace Hopper · due 2030-06-14/).waitFor();
  await page.getByText('delegated the post-mortem').first().waitFor();
  await page.getByText('Owner: Grace Hopper').first().waitFor();
  assert.equal(await overflow(page), 0);
  await noViolations(page, 'the room after delegating the post-mortem on a phone');
  const pm = await ok('GET', `/incidents/${number}/postmortem`);
  assert.equal(pm.owner.email, 'grace@example.com');
  assert.equal(pm.dueOn, '2030-06-14');
  assert.deepEqual(errors, []);
  await context.close();
});

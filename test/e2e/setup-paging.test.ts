/**
 * Setting up paging in a real browser, from an empty install with a real SMTP server: the admin's
 * checklist on the home page leads through a policy (flagged in its editor while its only person has
 * no verified contact method), the Services page (giving the service that policy), a verified email
 * address, and a test alert that pages the admin by email — after which the checklist is gone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { amPayload } from '../helpers/alertmanager-payload.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, signedInPage, unexpected, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let sink: SmtpSink;

before(async () => {
  if (skip) return;
  sink = await startSmtpSink();
  [server, browser] = await Promise.all([
    startWebServer({
      env: { EXPEDITE_SMTP_URL: sink.url, EXPEDITE_MAIL_FROM: 'Expedite <pager@example.com>' },
    }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

test('an admin follows the checklist and a test alert pages them by email', { skip }, async () => {
  const token = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token as string;
  const { page, errors } = await signedInPage(browser, server.url, ADMIN);
  await page.goto(server.url);
  const checklist = page.getByRole('region', { name: /^Set up paging/ });
  await checklist.getByRole('heading', { name: 'Set up paging (0 of 3 done)' }).waitFor();
  await noViolations(page, 'home with the setup checklist');

  // A policy paging the admin, who has no verified method yet: flagged in the editor.
  await page.goto(`${server.url}/admin/escalation`);
  await page.getByRole('button', { name: 'New policy' }).click();
  const dialog = page.getByRole('dialog', { name: 'New escalation policy' });
  await dialog.getByLabel('Policy name').fill('Checkout chain');
  const level1 = dialog.getByRole('group', { name: 'Level 1', exact: true });
  await level1.getByLabel('Page', { exact: true }).selectOption('user');
  await level1.getByLabel('Person', { exact: true }).selectOption({ label: 'admin' });
  await level1.getByRole('button', { name: 'Add to level 1' }).click();
  const warning = dialog.getByRole('alert').filter({ hasText: 'One person in this policy cannot be paged' });
  await warning.waitFor();
  await warning.getByText('admin has no verified contact method').waitFor();
  await noViolations(page, 'policy editor with an unreachable person');
  await dialog.getByRole('button', { name: 'Create policy' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // Flagged where it is used too: on the policy's card.
  await page.getByRole('listitem').filter({ hasText: 'Checkout chain' }).getByRole('alert').waitFor();

  // An integration names the service; the Services page gives it the policy.
  const made = await okApi(server.url, token, 'POST', '/integrations', {
    name: 'Prometheus',
    type: 'alertmanager',
    service: 'Checkout',
  });
  await page.goto(server.url);
  await checklist.getByRole('link', { name: 'Open Services' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/services');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Checkout' }) });
  await card.getByText('Pages nobody: no escalation policy').waitFor();
  await card.getByRole('link', { name: 'Prometheus' }).waitFor();
  await noViolations(page, 'services');
  await card.getByRole('button', { name: 'Edit chain of Checkout' }).click();
  const chain = page.getByRole('dialog', { name: 'Chain of Checkout' });
  await chain.getByLabel('Escalation policy').selectOption({ label: 'Checkout chain' });
  await chain.getByLabel('Owner').selectOption({ label: 'admin' });
  await chain.getByRole('alert').filter({ hasText: 'cannot be paged' }).waitFor();
  await chain.getByRole('button', { name: 'Save chain' }).click();
  await chain.waitFor({ state: 'hidden' });
  await card.getByText('admin — no verified contact method: cannot be reached').waitFor();

  // Only configured channels are offered: email (SMTP is set), not SMS or voice (no Twilio).
  await page.goto(server.url);
  await checklist.getByRole('heading', { name: 'Set up paging (1 of 3 done)' }).waitFor();
  await checklist.getByRole('link', { name: 'Add a contact method' }).click();
  await page.waitForURL((u) => u.pathname === '/me');
  const how = page.getByLabel('How');
  await how.locator('option', { hasText: 'Email' }).waitFor({ state: 'attached' });
  const offered = await how.locator('option').allTextContents();
  assert.ok(!offered.some((o) => /SMS|call/i.test(o)), offered.join(', '));
  await how.selectOption('email');
  await page.getByRole('textbox', { name: /email/i }).first().fill('admin@example.com');
  const before = sink.messages.length;
  await page.getByRole('button', { name: 'Add and send a code' }).click();
  let code = '';
  await until(async () => {
    const mail = sink.messages.slice(before).find((m) => m.envelope.to.includes('admin@example.com'));
    code = (mail?.text && /(\d{6})/.exec(mail.text)?.[1]) ?? '';
    return code !== '';
  });
  await page.getByLabel(/^Code you received/).fill(code);
  await page.getByRole('button', { name: /^Verify/ }).click();
  await page.getByText('is verified', { exact: false }).first().waitFor();

  await page.goto(server.url);
  await checklist.getByRole('heading', { name: 'Set up paging (2 of 3 done)' }).waitFor();

  // The test alert: the admin gets the page by email, and the checklist is done.
  const sent = sink.messages.length;
  const hook = await fetch(`${server.url}/api/v1/hooks/${made.key as string}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(amPayload('firing', [{ name: 'TestAlert', fp: 'setup-test' }])),
  });
  assert.equal(hook.status, 202);
  await until(async () =>
    sink.messages
      .slice(sent)
      .some((m) => m.envelope.to.includes('admin@example.com') && /TestAlert/.test(m.text ?? '')),
  );
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Open incidents' }).waitFor();
  await until(async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Open incidents' }).waitFor();
    return (await page.getByRole('region', { name: /^Set up paging/ }).count()) === 0;
  });
  assert.deepEqual(unexpected(errors), []);
});

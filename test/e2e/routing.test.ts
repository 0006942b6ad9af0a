/**
 * Routing in a real browser with a real SMTP sink: the declare form says whom it will page before
 * submitting; an incident declared with service Checkout pages Checkout's on-call by email within
 * seconds, one with area BE and no service pages the BE team's chain, one with neither the default
 * policy; the room says why it was paged, and focus lands on the main action after declaring.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { okApi, signedInPage, unexpected, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let sink: SmtpSink;
let adminToken: string;
const people = {
  grace: {
    email: 'grace@example.com',
    password: 'grace-password-1',
    name: 'Grace Hopper',
    role: 'responder',
  },
  linus: {
    email: 'linus@example.com',
    password: 'linus-password-1',
    name: 'Linus Backend',
    role: 'responder',
  },
  dee: { email: 'dee@example.com', password: 'dee-password-12', name: 'Dee Fault', role: 'responder' },
};
type Who = keyof typeof people;
const ids = {} as Record<Who, string>;

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const login = async (who: { email: string; password: string }) =>
  (await ok('', 'POST', '/auth/login', who)).token as string;

/** Gives a person a verified email address (the code read from the sink). */
async function verifiedEmail(who: Who) {
  const token = await login(people[who]);
  const made = await ok(token, 'POST', '/me/contact-methods', { kind: 'email', address: people[who].email });
  let code: string | undefined;
  await until(async () => {
    const mail = sink.messages.findLast((m) => m.envelope.to.includes(people[who].email));
    code = mail?.text ? /(\d{6})/.exec(mail.text)?.[1] : undefined;
    return !!code;
  });
  await ok(token, 'POST', `/me/contact-methods/${made.id}/verify`, { code });
}

/** A one-level policy paging a person; its id. */
const policy = async (name: string, who: Who) =>
  (
    await ok(adminToken, 'POST', '/escalation-policies', {
      name,
      repeat: 0,
      levels: [{ timeoutMinutes: 10, targets: [{ type: 'user', id: ids[who] }] }],
    })
  ).id as string;

before(async () => {
  if (skip) return;
  sink = await startSmtpSink();
  [server, browser] = await Promise.all([
    startWebServer({
      env: {
        EXPEDITE_SMTP_URL: `smtp://${sink.host}:${sink.port}`,
        EXPEDITE_MAIL_FROM: 'Expedite <pager@example.com>',
      },
    }),
    launchBrowser(),
  ]);
  adminToken = await login(ADMIN);
  for (const who of Object.keys(people) as Who[]) {
    ids[who] = (await ok(adminToken, 'POST', '/users', people[who])).id;
    await verifiedEmail(who);
  }
  await ok(adminToken, 'POST', '/integrations', { name: 'Shop', type: 'generic', service: 'Checkout' });
  const checkout = (await ok(adminToken, 'GET', '/services')).items.find(
    (s: { name: string }) => s.name === 'Checkout',
  ).id;
  await ok(adminToken, 'PUT', `/services/${checkout}/chain`, {
    teamId: null,
    ownerId: ids.grace,
    escalationPolicyId: await policy('Checkout on-call', 'grace'),
  });
  await ok(adminToken, 'POST', '/teams', {
    name: 'Backend',
    areas: ['BE'],
    escalationPolicyId: await policy('Backend chain', 'linus'),
  });
  await ok(adminToken, 'PUT', '/settings/default-escalation-policy', {
    policyId: await policy('Default', 'dee'),
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

/** Whether a page for incident `number` reached `who` by email. */
const paged = (who: Who, number: number) =>
  sink.messages.some((m) => m.envelope.to.includes(people[who].email) && m.subject?.includes(`#${number} `));

/** Declares a P1 in the browser (Enter in the title), with a service and/or area; the incident number. */
async function declareInBrowser(opts: { title: string; service?: string; area?: string; route: string }) {
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page
    .getByRole('banner')
    .getByRole('button', { name: /Declare/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  const title = dialog.getByLabel('What is wrong?');
  await title.fill(opts.title);
  if (opts.service) {
    const service = dialog.getByLabel('Service (optional)', { exact: true });
    await service.fill(opts.service.slice(0, 5));
    await page.getByRole('option', { name: opts.service }).click();
  }
  await dialog.getByLabel('Who is affected (scope)').selectOption('ALL');
  await dialog.getByLabel('How bad it is (criticality)').selectOption('ALLBLOCK');
  if (opts.area) await dialog.getByLabel('Where it is (area)').selectOption(opts.area);
  // Before submitting, the form says whom it will page.
  await dialog.getByTestId('declare-route').filter({ hasText: opts.route }).waitFor();
  await dialog.getByLabel("I'm on it (take ownership)").uncheck();
  await title.press('Enter');
  await page.waitForURL(/\/incidents\/\d+$/);
  const number = Number(/\/incidents\/(\d+)$/.exec(page.url())![1]);
  // Focus lands on the incident's main action (nobody owns it: taking ownership).
  await page.locator('button:focus', { hasText: 'Take ownership' }).waitFor();
  return { number, page, context, errors };
}

test(
  'declared with service Checkout: pages Checkout on-call by email within seconds, and says why',
  { skip },
  async () => {
    const started = Date.now();
    const { number, page, context, errors } = await declareInBrowser({
      title: 'Payments fail at checkout',
      service: 'Checkout',
      area: 'BE',
      route: 'Pages Checkout on-call: one person, by email',
    });
    await until(async () => paged('grace', number), 15_000);
    console.log(`# page email reached Checkout's on-call ${Date.now() - started} ms after opening the form`);
    assert.equal(paged('linus', number), false);
    await page
      .getByTestId('paged-because')
      .filter({ hasText: "routed to Checkout's chain because service = Checkout" })
      .waitFor();
    assert.deepEqual(unexpected(errors), []);
    await context.close();
  },
);

test('declared with area BE and no service: pages the BE team chain', { skip }, async () => {
  const { number, context } = await declareInBrowser({
    title: 'Orders API returns 500',
    area: 'BE',
    route: 'Pages Backend chain: one person, by email',
  });
  await until(async () => paged('linus', number), 15_000);
  assert.equal(paged('grace', number), false);
  await context.close();
});

test('declared with neither service nor area: pages the default policy', { skip }, async () => {
  const { number, context } = await declareInBrowser({
    title: 'Everything is slow',
    route: 'Pages Default: one person, by email',
  });
  await until(async () => paged('dee', number), 15_000);
  await context.close();
});

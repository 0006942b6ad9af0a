/**
 * The decision acts in a real browser: the product owner opens the link in the question mailed to
 * them (a real SMTP sink), answers "backlog" with a reason, and the incident leaves the home page
 * and shows in the Backlog view, from where a responder pulls it back; in the incident room a
 * responder sees whom the question went to and records "expedite". Pages are free of console
 * errors and of serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import {
  accessibilityViolations,
  ADMIN,
  browserSkipReason,
  launchBrowser,
  newPage,
  startWebServer,
  type WebServer,
} from './browser.ts';
import { okApi, signedInPage, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let sink: SmtpSink;
let adminToken: string;
const GRACE = {
  email: 'grace@example.com',
  password: 'grace-password-1',
  name: 'Grace Hopper',
  role: 'responder',
};
const PAT = { email: 'pat@example.com', password: 'pat-password-12', name: 'Pat Owner', role: 'stakeholder' };

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const login = async (who: { email: string; password: string }) =>
  (await ok('', 'POST', '/auth/login', { email: who.email, password: who.password })).token as string;

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
  await ok(adminToken, 'POST', '/users', GRACE);
  const pat = await ok(adminToken, 'POST', '/users', PAT);
  const patToken = await login(PAT);
  const method = await ok(patToken, 'POST', '/me/contact-methods', { kind: 'email', address: PAT.email });
  await until(async () => sink.messages.some((m) => m.envelope.to.includes(PAT.email)));
  const code = /(\d{6})/.exec(sink.messages.findLast((m) => m.envelope.to.includes(PAT.email))!.text!)![1];
  await ok(patToken, 'POST', `/me/contact-methods/${method.id}/verify`, { code });
  const team = await ok(adminToken, 'POST', '/teams', { name: 'Web', areas: ['FE'] });
  await ok(adminToken, 'PUT', `/teams/${team.id}/product-owners`, { productOwners: [pat.id] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

/** Declares an FE incident at P3 (decision: ask the product owner). */
async function declareP3(title: string): Promise<{ number: number; tagline: string }> {
  const incident = await ok(adminToken, 'POST', '/incidents', {
    title,
    area: 'FE',
    urgency: 'P3',
    urgencyReason: 'test',
  });
  assert.equal(incident.decision, 'product-owner');
  return incident;
}

/** The path of the answer link for `answer` in the question mailed to Pat about incident `number`. */
async function questionLink(number: number, answer: string): Promise<string> {
  let path: string | undefined;
  await until(async () => {
    const mail = sink.messages.find(
      (m) => m.envelope.to.includes(PAT.email) && m.subject?.startsWith(`#${number} `),
    );
    const url = mail && new RegExp(`(http\\S+/decide/\\S+)\\?answer=${answer}`).exec(mail.text ?? '')?.[1];
    path = url && `${new URL(url).pathname}?answer=${answer}`;
    return !!path;
  });
  return path!;
}

test(
  'the product owner answers backlog from the message; it leaves the home page for the Backlog',
  { skip },
  async () => {
    const urgent = await ok(adminToken, 'POST', '/incidents', {
      title: 'Nobody can sign in',
      scope: 'ALL',
      criticality: 'ALLBLOCK',
    });
    const inc = await declareP3('Footer links misaligned');

    // Pat, not signed in, opens the link in the mail on a phone.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page: answerPage, errors: answerErrors } = await newPage(phone);
    await answerPage.goto(`${server.url}${await questionLink(inc.number, 'backlog')}`);
    await answerPage.getByRole('heading', { name: `#${inc.number} needs your decision` }).waitFor();
    await answerPage.getByLabel('Reason (for the timeline)').fill('Cosmetic; next sprint');
    await answerPage.getByRole('button', { name: 'Backlog' }).click();
    await answerPage.getByText('Moved to the Backlog.').waitFor();
    assert.deepEqual(await accessibilityViolations(answerPage), []);
    assert.deepEqual(answerErrors, []);
    await phone.close();

    const { context, page, errors } = await signedInPage(browser, server.url, GRACE);
    await page.goto(server.url);
    await page.getByRole('link', { name: urgent.tagline }).waitFor();
    assert.equal(await page.getByRole('link', { name: inc.tagline }).count(), 0, 'off the home page');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backlog' }).click();
    await page.waitForURL(/\/backlog$/);
    const backlog = page.getByRole('list', { name: 'Backlog' });
    await backlog.getByRole('link', { name: inc.tagline }).waitFor();
    assert.equal(await backlog.getByRole('link', { name: urgent.tagline }).count(), 0);
    assert.deepEqual(await accessibilityViolations(page), []);

    await page.getByRole('button', { name: `Pull back #${inc.number} into triage` }).click();
    await backlog.getByRole('link', { name: inc.tagline }).waitFor({ state: 'detached' });
    await page.goto(server.url);
    await page.getByRole('link', { name: inc.tagline }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('in the room a responder sees whom the question went to and records expedite', { skip }, async () => {
  const inc = await declareP3('Search results slow');
  await questionLink(inc.number, 'expedite');
  const { context, page, errors } = await signedInPage(browser, server.url, GRACE);
  await page.goto(`${server.url}/incidents/${inc.number}`);
  await page.getByText(/Asked Pat Owner at/).waitFor();
  const form = page.getByRole('form', { name: 'Record the decision' });
  await form.getByText('Expedite (page now)', { exact: true }).click();
  await form.getByLabel('Reason').fill('Blocks the spring campaign');
  assert.deepEqual(await accessibilityViolations(page), []);
  await form.getByRole('button', { name: 'Record decision' }).click();
  await page.getByText('Expedited: paging the chain').waitFor();
  await form.waitFor({ state: 'detached' });
  const now = await ok(adminToken, 'GET', `/incidents/${inc.number}`);
  assert.equal(now.decision, 'expedite');
  await page.getByText(/decided expedite — paging now/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('an admin sets a team’s product owners and lead in the team dialog', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, ADMIN);
  await page.goto(`${server.url}/admin/escalation`);
  await page.getByRole('button', { name: 'Edit team Web' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit team Web' });
  const owners = dialog.getByRole('group', { name: 'Product owners' });
  await owners.getByText('Pat Owner').waitFor();
  await dialog.getByLabel('Team lead').selectOption({ label: GRACE.name });
  assert.deepEqual(await accessibilityViolations(page), []);
  await dialog.getByRole('button', { name: 'Save team' }).click();
  await dialog.waitFor({ state: 'detached' });
  const teams = (await ok(adminToken, 'GET', '/teams')).items as { id: string; name: string }[];
  const roles = await ok(
    adminToken,
    'GET',
    `/teams/${teams.find((t) => t.name === 'Web')!.id}/product-owners`,
  );
  assert.deepEqual(
    roles.productOwners.map((p: { name: string }) => p.name),
    ['Pat Owner'],
  );
  const users = (await ok(adminToken, 'GET', '/users')).items as { id: string; email: string }[];
  assert.equal(roles.lead, users.find((u) => u.email === GRACE.email)!.id);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The responder at 3 a.m. and the stakeholder who reads along, in Chromium: on a phone, the link
 * in a page message opens a styled page (dark when the phone is) that acknowledges and leads into
 * the incident room, where the owner reaches Resolve and Hand over as buttons and notices never
 * cover a dialog's title or close button; a stakeholder's incident page shows every code beside
 * its plain words, no empty work panels, and a menu of only what they can use.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { startFakeTeams, type FakeTeams } from '../helpers/fakes/teams.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage as openSignedIn, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let teams: FakeTeams;
let adminToken: string;
let nightId: string;
const NIGHT = {
  email: 'night@example.com',
  password: 'night-password-1',
  name: 'Nina Night',
  role: 'responder',
};
const READER = {
  email: 'cfo@example.com',
  password: 'reader-password-1',
  name: 'Carla Finance',
  role: 'stakeholder',
};
// Each code and the words a reader must find with it (written out, not taken from the app).
const WORDS: Record<string, string> = {
  ALL: 'everyone',
  'ALL-USERS': 'all customers',
  'ALL-ADMINS': 'all admins',
  USERS: 'some customers',
  ADMINS: 'some admins',
  'S-USER': 'one customer',
  'S-ADMIN': 'one admin',
  ALLBLOCK: 'the application is blocked',
  FBLOCK: 'a feature is blocked',
  FBEHAV: 'a feature misbehaves',
  FE: 'front end',
  BE: 'back end',
  FEBE: 'front end and back end',
  DEVOPS: 'infrastructure',
  P1: 'critical',
  P2: 'high',
  P3: 'medium',
  P4: 'low',
};
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
};

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const signedInPage = (who: { email: string; password: string }, options: BrowserContextOptions = {}) =>
  openSignedIn(browser, server.url, who, options);
const login = async (who: { email: string; password: string }): Promise<string> =>
  (await ok('', 'POST', '/auth/login', { email: who.email, password: who.password })).token;

/** Posts to the fake Teams channel `name`, as JSON text. */
const postsTo = (name: string) =>
  teams.posts.filter((p) => p.name === name).map((p) => JSON.stringify(p.card));

before(async () => {
  if (skip) return;
  [server, browser, teams] = await Promise.all([startWebServer(), launchBrowser(), startFakeTeams()]);
  adminToken = await login(ADMIN);
  await ok(adminToken, 'POST', '/users', NIGHT);
  await ok(adminToken, 'POST', '/users', READER);
  const users = (await ok(adminToken, 'GET', '/users')).items as { id: string; email: string }[];
  nightId = users.find((u) => u.email === NIGHT.email)!.id;
});
after(async () => {
  await browser?.close();
  await teams?.close();
  await server?.stop();
});

test(
  'a responder on a 390×844 phone acknowledges from the message link page and lands in the room',
  { skip },
  async () => {
    // Nina is reached through Teams; the back-end team's chain pages her.
    const nightToken = await login(NIGHT);
    const method = await ok(nightToken, 'POST', '/me/contact-methods', {
      kind: 'teams',
      address: teams.incomingWebhookUrl('nina-pager'),
      label: 'Pager',
    });
    let code: string | undefined;
    await until(async () => {
      code = postsTo('nina-pager')
        .map((c) => /verification code: (\d{6})/.exec(c)?.[1])
        .find(Boolean);
      return !!code;
    });
    await ok(nightToken, 'POST', `/me/contact-methods/${method.id}/verify`, { code });
    const policy = await ok(adminToken, 'POST', '/escalation-policies', {
      name: 'Night chain',
      repeat: 0,
      lowUrgencyAnytime: true,
      levels: [{ timeoutMinutes: 10, targets: [{ type: 'user', id: nightId }] }],
    });
    await ok(adminToken, 'POST', '/teams', { name: 'API', areas: ['BE'], escalationPolicyId: policy.id });
    const incident = await ok(adminToken, 'POST', '/incidents', {
      title: 'Orders API answers 500',
      area: 'BE',
      scope: 'ALL-USERS',
      criticality: 'ALLBLOCK',
    });
    const n = incident.number as number;
    await ok(adminToken, 'POST', `/incidents/${n}/page`, { reason: 'Orders fail for everyone' });
    let ackPath: string | undefined;
    await until(async () => {
      ackPath = postsTo('nina-pager')
        .map((c) => /(\/ack\/[^"\\\s]+)/.exec(c)?.[1])
        .find(Boolean);
      return !!ackPath;
    });

    // The phone is dark at 3 a.m.; the link opens a page styled for it.
    const { context, page, errors } = await signedInPage(NIGHT, { ...PHONE, colorScheme: 'dark' });
    await page.goto(`${server.url}${ackPath}`);
    await page.getByRole('heading', { name: `Incident #${n}` }).waitFor();
    await page.getByText('ALL-USERS-ALLBLOCK-BE: Orders API answers 500').waitFor();
    const background = await page.evaluate(() => {
      const g = globalThis as any;
      return g.getComputedStyle(g.document.body).backgroundColor as string;
    });
    assert.equal(background, 'rgb(20, 21, 23)', 'the dark scheme of the device');
    const acknowledge = page.getByRole('button', { name: 'Acknowledge' });
    const box = await acknowledge.boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 300, `Acknowledge is ${JSON.stringify(box)}`);
    assert.equal(await overflow(page), 0, 'the page fits the phone');
    // axe needs a style tag of its own, which the page's policy refuses: it looks at a copy without it.
    const look = await browser.newContext({ ...PHONE, colorScheme: 'dark', bypassCSP: true });
    const copy = await look.newPage();
    await copy.goto(`${server.url}${ackPath}`);
    await noViolations(copy, 'the acknowledgement page in the dark');
    await look.close();

    await acknowledge.click();
    await page.getByRole('heading', { name: 'Acknowledged' }).waitFor();
    await page.getByRole('link', { name: `Open incident #${n}` }).click();
    await page.waitForURL(`${server.url}/incidents/${n}`);
    await page.getByRole('heading', { level: 1, name: /Orders API answers 500/ }).waitFor();
    await page.getByTestId('escalation-state').getByText('Acknowledged', { exact: true }).waitFor();

    // The owner moves it on; the notice of that change must not cover the next dialog.
    const actions = page.getByRole('group', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Change status' }).click();
    const status = page.getByRole('dialog', { name: `Change the status of #${n}` });
    await status.getByRole('radio', { name: 'Investigating' }).check();
    await status.getByRole('button', { name: 'Change status' }).click();
    await status.waitFor({ state: 'hidden' });
    const notice = page.locator('.mantine-Notification-root').first();
    await notice.waitFor();
    // Resolve and Hand over are buttons, not in "More actions".
    await actions.getByRole('button', { name: 'Resolve' }).waitFor();
    await actions.getByRole('button', { name: 'Hand over' }).waitFor();
    assert.equal(await overflow(page), 0, 'the room fits the phone');
    await actions.getByRole('button', { name: 'Hand over' }).click();
    const handover = page.getByRole('dialog', { name: `Hand over #${n}` });
    await handover.waitFor();
    const noticeBox = (await notice.boundingBox())!;
    for (const part of [
      handover.getByRole('heading', { name: `Hand over #${n}` }),
      handover.getByRole('button', { name: 'Close' }),
    ]) {
      const b = (await part.boundingBox())!;
      const overlaps =
        b.x < noticeBox.x + noticeBox.width &&
        noticeBox.x < b.x + b.width &&
        b.y < noticeBox.y + noticeBox.height &&
        noticeBox.y < b.y + b.height;
      assert.ok(!overlaps, `the notice ${JSON.stringify(noticeBox)} covers ${JSON.stringify(b)}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test("a stakeholder's incident page shows no code without its plain words", { skip }, async () => {
  const incident = await ok(adminToken, 'POST', '/incidents', {
    title: 'Clicking on user details gives an error',
    scope: 'ADMINS',
    criticality: 'FBLOCK',
    area: 'FE',
  });
  const n = incident.number as number;
  await ok(adminToken, 'PATCH', `/incidents/${n}/classification`, {
    area: 'FEBE',
    reason: 'The API fails too',
  });
  for (const options of [{}, PHONE]) {
    const { context, page, errors } = await signedInPage(READER, options);
    await page.goto(`${server.url}/incidents/${n}`);
    await page.getByRole('heading', { level: 1, name: /Clicking on user details/ }).waitFor();
    await page
      .getByTestId('tagline-words')
      .getByText('Some admins · a feature is blocked · front end and back end')
      .waitFor();
    if (options === PHONE) await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('heading', { name: 'Classification' }).waitFor();
    if (options !== PHONE) await page.getByText('Front end and back end (FEBE)').waitFor();
    await page
      .getByRole('tab', { name: 'Timeline' })
      .or(page.getByRole('list', { name: /^Timeline entries/ }))
      .first()
      .waitFor();
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    const codes = [
      ...text.matchAll(
        /\b(S-USER|S-ADMIN|ALL-USERS|ALL-ADMINS|ALLBLOCK|FBLOCK|FBEHAV|FEBE|DEVOPS|ADMINS|USERS|ALL|FE|BE|P[1-4])\b/g,
      ),
    ].map((m) => m[1]!);
    assert.ok(
      codes.includes('ADMINS') && codes.includes('FEBE'),
      `the codes are on the page: ${codes.join(', ')}`,
    );
    for (const code of new Set(codes))
      assert.ok(text.toLowerCase().includes(WORDS[code]!), `${code} without "${WORDS[code]}": ${text}`);
    // No empty work panels, and a menu of only what a stakeholder can use.
    assert.equal(await page.getByRole('heading', { name: /^Tasks/ }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Team', exact: true }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: /^Time spent/ }).count(), 0);
    assert.equal(await page.getByRole('tab', { name: 'Tasks' }).count(), 0);
    if (options === PHONE) await page.getByRole('button', { name: 'Toggle navigation' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Home' }).waitFor();
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), [
      'Home',
      'Incidents',
      'Backlog',
      'Deployments',
      'Tech debt',
      'Action items',
      'Post-mortems',
      'Knowledge',
      'Insights',
      'My notifications',
      'API tokens',
    ]);
    await noViolations(page, "a stakeholder's incident page");
    assert.deepEqual(errors, [], 'nothing the stakeholder may not read is asked for');
    await context.close();
  }
});

/**
 * Paging in a real browser: an admin creates an on-call schedule, an override, an escalation
 * policy and a team; a responder sees who is on call; a paged incident shows Acknowledge, and
 * acknowledging on a phone stops the escalation and makes them owner; a person adds a Microsoft
 * Teams contact method (the code read from the Teams stand-in), verifies it, sends a test and sets
 * a notification rule; an admin adds a client and sets it on an incident, whose SLA clocks show.
 * Every new page is free of console errors and of serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { startFakeTeams, type FakeTeams } from '../helpers/fakes/teams.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import {
  callApi,
  noViolations,
  okApi,
  overflow,
  signedInPage as openSignedIn,
  unexpected,
  until,
} from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let teams: FakeTeams;
let adminToken: string;
let graceToken: string;
let graceId: string;
let adminId: string;
const GRACE = {
  email: 'grace@example.com',
  password: 'grace-password-1',
  name: 'Grace Hopper',
  role: 'responder',
};

const call = (token: string, method: string, url: string, body?: unknown) =>
  callApi(server.url, token, method, url, body);
const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const signedInPage = (who: { email: string; password: string }, options: BrowserContextOptions = {}) =>
  openSignedIn(browser, server.url, who, options);

async function login(who: { email: string; password: string }): Promise<string> {
  return (await ok('', 'POST', '/auth/login', { email: who.email, password: who.password })).token;
}

/** The six-digit code in the newest Teams card posted to `name`. */
async function codeSentTo(name: string, after: number): Promise<string> {
  let code: string | undefined;
  await until(async () => {
    const post = teams.posts
      .filter((p) => p.name === name)
      .slice(after)
      .at(-1);
    code = post && /verification code: (\d{6})/.exec(JSON.stringify(post.card))?.[1];
    return !!code;
  });
  return code!;
}

/** Yesterday's date in UTC, 'YYYY-MM-DD'. */
function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

before(async () => {
  if (skip) return;
  [server, browser, teams] = await Promise.all([startWebServer(), launchBrowser(), startFakeTeams()]);
  adminToken = await login(ADMIN);
  await ok(adminToken, 'POST', '/users', GRACE);
  graceToken = await login(GRACE);
  const users = (await ok(adminToken, 'GET', '/users')).items as { id: string; email: string }[];
  graceId = users.find((u) => u.email === GRACE.email)!.id;
  adminId = users.find((u) => u.email === ADMIN.email)!.id;
});
after(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), teams?.close()]);
});

test('an admin creates a schedule, an override, an escalation policy and a team', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN);
  await page.goto(`${server.url}/on-call`);
  await page.getByText('No schedules yet.').waitFor();
  await noViolations(page, 'on call, empty');

  await page.getByRole('link', { name: 'New schedule' }).click();
  await page.waitForURL((u) => u.pathname === '/on-call/new');
  await page.getByLabel('Schedule name').waitFor();
  // Nothing filled in: said at the fields, nothing sent.
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await page.getByText('Name the schedule').waitFor();
  await page.getByText('Add at least one person').waitFor();

  await page.getByLabel('Schedule name').fill('Primary on call');
  await page.getByLabel('Time zone').selectOption('UTC');
  const layer = page.getByRole('group', { name: /^Layer 1: Primary/ });
  await layer
    .getByLabel('Person to add: People in rotation (Primary)')
    .selectOption({ label: `${GRACE.name} (${GRACE.email})` });
  await layer.getByRole('button', { name: 'Add to People in rotation (Primary)' }).click();
  await layer
    .getByLabel('Person to add: People in rotation (Primary)')
    .selectOption({ label: `admin (${ADMIN.email})` });
  await layer.getByRole('button', { name: 'Add to People in rotation (Primary)' }).click();
  // Grace first: moved up from second place.
  await layer.getByRole('button', { name: `Move ${GRACE.name} down` }).click();
  await layer.getByRole('button', { name: `Move ${GRACE.name} up` }).click();
  await layer.getByLabel('Hand off').selectOption('daily');
  await layer.getByLabel('Hand-off time').fill('09:00');
  await layer.getByLabel('Start date').fill(yesterday());
  await noViolations(page, 'new schedule');
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await page.waitForURL((u) => /^\/on-call\/[0-9a-f-]{36}$/.test(u.pathname));
  await page.getByRole('heading', { level: 1, name: 'Primary on call' }).waitFor();
  await page.getByText(/^On call now:/).waitFor();
  const agenda = page.getByRole('list', { name: 'Shifts of the next 14 days' });
  await agenda.waitFor();
  assert.equal(await agenda.locator(':scope > li').count(), 14);
  await noViolations(page, 'schedule');

  const schedule = (await ok(adminToken, 'GET', '/schedules')).items[0];
  assert.equal(schedule.name, 'Primary on call');
  assert.equal(schedule.definition.timeZone, 'UTC');
  assert.deepEqual(schedule.definition.layers[0].users, [graceId, adminId]);
  assert.deepEqual(schedule.definition.layers[0].rotation, { kind: 'daily' });
  assert.equal(schedule.onCallNow.length, 1);

  // An override: admin covers for Grace for the next hours.
  await page.getByLabel('Who covers').selectOption({ label: 'admin' });
  await page.getByLabel('Instead of').selectOption({ label: GRACE.name });
  await page.getByRole('button', { name: 'Add override' }).click();
  await page.getByRole('button', { name: /^Remove override: admin from/ }).waitFor();
  await noViolations(page, 'schedule with an override');
  const overrides = (await ok(adminToken, 'GET', '/schedules')).items[0].definition.overrides;
  assert.equal(overrides.length, 1);
  assert.equal(overrides[0].userId, adminId);
  assert.equal(overrides[0].replaces, graceId);

  // An escalation policy: the schedule first, then the admin, once more if nobody answers.
  await page.goto(`${server.url}/admin/escalation`);
  await page.getByText('No escalation policies yet.', { exact: false }).waitFor();
  await page.getByRole('heading', { name: 'Business hours' }).waitFor();
  await noViolations(page, 'escalation');
  await page.getByRole('button', { name: 'New policy' }).click();
  const dialog = page.getByRole('dialog', { name: 'New escalation policy' });
  await dialog.getByLabel('Policy name').fill('Front-end chain');
  const level1 = dialog.getByRole('group', { name: 'Level 1', exact: true });
  await level1.getByLabel('Page', { exact: true }).selectOption('schedule');
  // Nobody has a verified contact method yet: the choice says so.
  await level1
    .getByLabel('Schedule', { exact: true })
    .selectOption({ label: 'Primary on call (2 people cannot be paged)' });
  await level1.getByRole('button', { name: 'Add to level 1' }).click();
  await level1.getByText('On call on Primary on call').waitFor();
  await level1.getByLabel('Minutes before the next level (level 1)').fill('5');
  await dialog.getByRole('button', { name: 'Add level' }).click();
  const level2 = dialog.getByRole('group', { name: 'Level 2', exact: true });
  await level2.getByLabel('Page', { exact: true }).selectOption('user');
  await level2.getByLabel('Person', { exact: true }).selectOption({ label: 'admin' });
  await level2.getByRole('button', { name: 'Add to level 2' }).click();
  await dialog.getByLabel('Run all levels again').fill('1');
  await dialog.getByRole('switch', { name: 'Page P3/P4 at any hour' }).check();
  // By urgency: a P1 skips the schedule and gives the admin 3 minutes; a P2 tries every method at once.
  await dialog.getByRole('checkbox', { name: 'P1: every level' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'P1: level 1', exact: true }).uncheck();
  await dialog.getByLabel('P1: level 2 timeout in minutes').fill('3');
  await dialog.getByLabel('P2: contact methods').selectOption('at-once');
  await noViolations(page, 'new escalation policy');
  await dialog.getByRole('button', { name: 'Create policy' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('heading', { name: 'Front-end chain' }).waitFor();
  const policy = (await ok(adminToken, 'GET', '/escalation-policies')).items[0];
  assert.equal(policy.repeat, 1);
  assert.equal(policy.lowUrgencyAnytime, true);
  assert.deepEqual(policy.levels, [
    { timeoutMinutes: 5, targets: [{ type: 'schedule', id: schedule.id }] },
    { timeoutMinutes: 15, targets: [{ type: 'user', id: adminId }] },
  ]);
  assert.deepEqual(policy.urgency, {
    P1: { levels: [{ level: 2, timeoutMinutes: 3 }] },
    P2: { allMethodsAtOnce: true },
  });
  await page
    .getByRole('list', { name: 'Front-end chain by urgency' })
    .getByText('P1: level 2 (3 minutes) · all methods at once · any hour')
    .waitFor();

  // A team answering for front-end incidents with that policy.
  await page.getByRole('button', { name: 'New team' }).click();
  const teamDialog = page.getByRole('dialog', { name: 'New team' });
  await teamDialog.getByLabel('Team name').fill('Web');
  await teamDialog.getByRole('checkbox', { name: 'Front end', exact: true }).check();
  await teamDialog
    .getByLabel('Person to add: Team members')
    .selectOption({ label: `${GRACE.name} (${GRACE.email})` });
  await teamDialog.getByRole('button', { name: 'Add to Team members' }).click();
  await teamDialog.getByLabel('Escalation policy').selectOption({ label: 'Front-end chain' });
  await noViolations(page, 'new team');
  await teamDialog.getByRole('button', { name: 'Create team' }).click();
  await teamDialog.waitFor({ state: 'hidden' });
  await page.getByRole('cell', { name: 'Web', exact: true }).waitFor();
  const team = (await ok(adminToken, 'GET', '/teams')).items[0];
  assert.deepEqual(team.areas, ['FE']);
  assert.deepEqual(
    team.members.map((m: { id: string }) => m.id),
    [graceId],
  );
  assert.equal(team.escalationPolicyId, policy.id);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a responder sees who is on call, also on a phone', { skip }, async () => {
  const schedules = (await ok(adminToken, 'GET', '/schedules')).items;
  if (schedules.length === 0)
    await ok(adminToken, 'POST', '/schedules', {
      name: 'Primary on call',
      definition: {
        timeZone: 'UTC',
        layers: [
          {
            id: 'primary',
            name: 'Primary',
            users: [graceId],
            rotation: { kind: 'weekly' },
            handoffTime: '09:00',
            start: yesterday(),
          },
        ],
      },
    });
  const { context, page, errors } = await signedInPage(GRACE, {
    viewport: { width: 375, height: 800 },
    hasTouch: true,
  });
  await page.goto(`${server.url}/on-call`);
  const card = page.getByRole('listitem', { name: 'Primary on call' });
  await card.getByText(/ until /).waitFor();
  assert.equal(await page.getByRole('link', { name: 'New schedule' }).count(), 0, 'responders do not create');
  assert.equal(await overflow(page), 0, '/on-call fits the screen');
  await noViolations(page, 'on call as a responder on a phone');
  await card.getByRole('link', { name: 'Primary on call' }).click();
  await page.getByRole('list', { name: 'Shifts of the next 14 days' }).waitFor();
  await page.getByText('To swap or cover a shift, ask an admin to add an override.').waitFor();
  assert.equal(await overflow(page), 0, 'the schedule fits the screen');
  await noViolations(page, 'schedule on a phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test(
  'a paged incident: acknowledging on a phone stops the escalation and gives ownership',
  { skip },
  async () => {
    // Grace can be reached through Teams; a back-end team pages her first.
    const method = await ok(graceToken, 'POST', '/me/contact-methods', {
      kind: 'teams',
      address: teams.incomingWebhookUrl('grace-pager'),
      label: 'Pager channel',
    });
    await ok(graceToken, 'POST', `/me/contact-methods/${method.id}/verify`, {
      code: await codeSentTo('grace-pager', 0),
    });
    const policy = await ok(adminToken, 'POST', '/escalation-policies', {
      name: 'Back-end chain',
      repeat: 0,
      lowUrgencyAnytime: true,
      levels: [
        { timeoutMinutes: 10, targets: [{ type: 'user', id: graceId }] },
        {
          timeoutMinutes: 10,
          targets: [
            { type: 'user', id: adminId },
            { type: 'user', id: graceId },
          ],
        },
      ],
    });
    await ok(adminToken, 'POST', '/teams', { name: 'API', areas: ['BE'], escalationPolicyId: policy.id });
    const pagesBefore = teams.posts.filter((p) => p.name === 'grace-pager').length;
    // Declared expedite (P1), it pages the BE team's chain by itself.
    const incident = await ok(adminToken, 'POST', '/incidents', {
      title: 'Orders API answers 500',
      area: 'BE',
      scope: 'ALL-USERS',
      criticality: 'ALLBLOCK',
    });
    const n = incident.number as number;
    await until(async () => {
      const items = (await ok(adminToken, 'GET', `/incidents/${n}/escalations`)).items;
      return items.some((e: { state: string }) => e.state === 'active');
    });
    await until(async () => teams.posts.filter((p) => p.name === 'grace-pager').length > pagesBefore);
    assert.deepEqual(teams.violations, []);

    const { context, page, errors } = await signedInPage(GRACE, {
      viewport: { width: 375, height: 800 },
      hasTouch: true,
    });
    await page.goto(`${server.url}/incidents/${n}`);
    const acknowledge = page.getByRole('button', { name: 'Acknowledge', exact: true });
    await acknowledge.waitFor();
    await page.getByTestId('escalation-state').getByText('Paging now').waitFor();
    await page
      .getByTestId('escalation-state')
      .getByText(/Back-end chain.*level 1 of 2/)
      .waitFor();
    // Big and within reach: full width, at least 44 px tall, on screen without scrolling sideways.
    const box = await acknowledge.boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 300, `Acknowledge is ${JSON.stringify(box)}`);
    assert.equal(await overflow(page), 0, 'the room fits the screen');
    await noViolations(page, 'a paged incident on a phone');

    // Escalating by hand pages the next level at once.
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Escalate now' }).click();
    const escalate = page.getByRole('dialog', { name: 'Escalate now' });
    await escalate.getByLabel('Go to').waitFor();
    await noViolations(page, 'escalate now on a phone');
    await escalate.getByRole('button', { name: 'Escalate now' }).click();
    await escalate.waitFor({ state: 'hidden' });
    await page
      .getByTestId('escalation-state')
      .getByText(/Back-end chain.*level 2 of 2/)
      .waitFor();
    await until(async () => teams.posts.filter((p) => p.name === 'grace-pager').length > pagesBefore + 1);

    await acknowledge.click();
    await page.getByText('Acknowledged: the escalation has stopped').waitFor();
    await acknowledge.waitFor({ state: 'detached' });
    await page.getByTestId('escalation-state').getByText('Acknowledged', { exact: true }).waitFor();
    await page.getByText(GRACE.name, { exact: true }).first().waitFor();
    const escalations = (await ok(adminToken, 'GET', `/incidents/${n}/escalations`)).items;
    assert.equal(escalations[0].state, 'acknowledged');
    assert.equal(escalations[0].acknowledgedBy, graceId);
    const after = await ok(adminToken, 'GET', `/incidents/${n}`);
    assert.equal(after.owner.id, graceId);
    // The timeline tells the story in words.
    const timeline = page.getByRole('list', { name: /^Timeline entries/ });
    await timeline.getByText('asked to page').waitFor();
    await timeline.getByText('started paging by Back-end chain').waitFor();
    await timeline.getByText('paged level 1: 1 person').waitFor();
    await timeline.getByText('paged level 2: 2 people').waitFor();
    const notified = timeline.getByText(`notified ${GRACE.name} by Microsoft Teams`);
    await until(async () => (await notified.count()) === 2);
    await timeline.getByText('acknowledged the page').waitFor();
    await noViolations(page, 'an acknowledged incident on a phone');

    // Nothing pages any more: acknowledging again is refused, and the room offers to page again.
    assert.equal((await call(graceToken, 'POST', `/incidents/${n}/acknowledge`)).status, 409);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Page' }).waitFor();
    await page.keyboard.press('Escape');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('my contact methods: add Teams, verify with the code, send a test, set a rule', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN);
  await page.goto(`${server.url}/me`);
  await page.getByRole('heading', { name: 'My notifications' }).waitFor();
  await page.getByText('You have no contact methods yet', { exact: false }).waitFor();
  await page
    .getByText(/You have no rules, so when you are paged Expedite tries each verified method/)
    .waitFor();
  const feed = page.getByRole('textbox', { name: 'Calendar feed address' });
  await feed.waitFor();
  assert.match(await feed.inputValue(), /\/ical\/[0-9a-f-]{36}\/.+\.ics$/);
  await page.getByRole('button', { name: 'Copy calendar feed address' }).waitFor();
  await noViolations(page, 'my notifications, empty');

  // Only channels this server sends through are offered: here Microsoft Teams, not Slack, SMS or email.
  await page
    .getByLabel('How')
    .locator('option', { hasText: 'Microsoft Teams' })
    .waitFor({ state: 'attached' });
  assert.deepEqual(await page.getByLabel('How').locator('option').allTextContents(), ['Microsoft Teams']);
  // A wrong address is refused at the field; what was typed stays.
  await page.getByLabel('Teams webhook address').fill('not-a-url');
  await page.getByRole('button', { name: 'Add and send a code' }).click();
  await page.getByText('not a valid teams address').waitFor();
  assert.equal(await page.getByLabel('Teams webhook address').inputValue(), 'not-a-url');

  const url = teams.incomingWebhookUrl('admin-desk');
  await page.getByLabel('How').selectOption('teams');
  await page.getByLabel('Teams webhook address').fill(url);
  await page.getByLabel('Label (optional)').fill('Desk');
  await page.getByRole('button', { name: 'Add and send a code' }).click();
  const code = await codeSentTo('admin-desk', 0);
  const codeBox = page.getByLabel('Code you received (Microsoft Teams · Desk)');
  await codeBox.waitFor();
  await noViolations(page, 'a method waiting for its code');
  await codeBox.fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify Microsoft Teams · Desk' }).click();
  await page.getByText('wrong or expired code').waitFor();
  await codeBox.fill(code);
  await page.getByRole('button', { name: 'Verify Microsoft Teams · Desk' }).click();
  await page.getByText('Verified', { exact: true }).waitFor();

  const before = teams.posts.filter((p) => p.name === 'admin-desk').length;
  await page.getByRole('button', { name: 'Send me a test: Microsoft Teams · Desk' }).click();
  await page.getByText('Test sent to Microsoft Teams · Desk.').waitFor();
  const test = teams.posts.filter((p) => p.name === 'admin-desk').at(before);
  assert.ok(test && JSON.stringify(test.card).includes('This is a test page from Expedite'));
  assert.deepEqual(teams.violations, []);

  // One rule: Teams at once.
  await page.getByRole('button', { name: 'Add a step' }).click();
  await page.getByLabel('Minutes after the page (step 1)').fill('1');
  await noViolations(page, 'a notification rule');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByText('Notification rules saved.').waitFor();
  const methods = (await ok(adminToken, 'GET', '/me/contact-methods')).items;
  assert.deepEqual((await ok(adminToken, 'GET', '/me/notification-rules')).rules, [
    { contactMethodId: methods[0].id, delayMinutes: 1 },
  ]);
  assert.deepEqual(unexpected(errors, 400), []);
  await context.close();
});

test('clients: tiers, a client, and an incident with SLA clocks', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN);
  await page.goto(`${server.url}/admin/clients`);
  await page.getByText('No clients yet.').waitFor();
  await page.getByLabel('Name of tier 1').waitFor();
  await page.getByRole('heading', { name: 'SLA compliance' }).waitFor();
  await noViolations(page, 'clients');

  await page.getByRole('button', { name: 'Add client' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add client' });
  await dialog.getByLabel('Client name').fill('Acme Shop');
  const tier = (await ok(adminToken, 'GET', '/client-tiers')).items.at(-1).name as string;
  await dialog.getByLabel('Coverage tier').selectOption(tier);
  await dialog.getByLabel('Strategist').selectOption({ label: GRACE.name });
  await dialog.getByLabel('Project manager').selectOption({ label: ADMIN.name });
  // The chain pages the PM first here, after which the strategist follows 5 minutes later.
  await dialog.getByRole('button', { name: 'Move level 2 up' }).click();
  await dialog.getByLabel('Level 1: minutes before the next level').fill('5');
  await dialog.getByRole('button', { name: 'Add emergency contact' }).click();
  await dialog.getByLabel('Name (contact 1)').fill('Ann (CTO)');
  // Seed 003's order (phone, text, Slack, email); Ann wants Slack first.
  await dialog.getByRole('button', { name: 'Move Slack, contact 1 up' }).click();
  await dialog.getByRole('button', { name: 'Move Slack, contact 1 up' }).click();
  await dialog.getByLabel('Slack member id (contact 1)').fill('U0ANNCTO');
  await dialog.getByLabel('Phone (contact 1)').fill('0612');
  await dialog.getByRole('button', { name: 'Add client' }).click();
  await dialog.getByText('International format').waitFor();
  await dialog.getByLabel('Phone (contact 1)').fill('+31612345678');
  await noViolations(page, 'add client');
  await dialog.getByRole('button', { name: 'Add client' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('cell', { name: 'Acme Shop', exact: true }).waitFor();
  await page
    .getByRole('cell', { name: `1. Project manager: ${ADMIN.name} (5 min) → 2. Strategist: ${GRACE.name}` })
    .waitFor();
  const saved = (await ok(adminToken, 'GET', '/clients')).items[0];
  assert.deepEqual(saved.chainLevels, [
    { role: 'pm', timeoutMinutes: 5 },
    { role: 'strategist', timeoutMinutes: 15 },
    { role: 'lead-developer', timeoutMinutes: 15 },
  ]);
  assert.deepEqual(saved.emergencyContacts[0].order, ['slack', 'phone', 'sms', 'email']);

  const n = (
    await ok(adminToken, 'POST', '/incidents', {
      title: 'Acme checkout is down',
      area: 'DEVOPS',
      scope: 'ALL-USERS',
      criticality: 'ALLBLOCK',
    })
  ).number;
  await page.goto(`${server.url}/incidents/${n}`);
  await page.getByRole('button', { name: 'Set client' }).click();
  const set = page.getByRole('dialog', { name: 'Client' });
  await set.getByLabel('Client').selectOption({ label: `Acme Shop (${tier})` });
  await set.getByRole('button', { name: 'Save client' }).click();
  await set.waitFor({ state: 'hidden' });
  const clocks = page.getByRole('region', { name: 'Service level clocks' });
  await clocks.getByText('Acme Shop').waitFor();
  assert.equal(await clocks.getByRole('progressbar').count(), 3);
  await page.getByRole('button', { name: 'Change client' }).waitFor();
  await noViolations(page, 'an incident with SLA clocks');
  const sla = await ok(adminToken, 'GET', `/incidents/${n}/sla`);
  assert.equal(sla.client.name, 'Acme Shop');
  assert.deepEqual(
    sla.clocks.map((c: { state: string }) => c.state),
    ['running', 'running', 'running'],
  );

  await page.goto(`${server.url}/admin/clients`);
  await page.getByRole('cell', { name: 'Acme Shop', exact: true }).first().waitFor();
  await page
    .getByRole('region', { name: 'SLA compliance', exact: true })
    .getByRole('cell', { name: 'Acme Shop', exact: true })
    .waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the paging pages fit a 375 px screen', { skip }, async () => {
  const { context, page, errors } = await signedInPage(ADMIN, {
    viewport: { width: 375, height: 800 },
    hasTouch: true,
  });
  const schedule = (await ok(adminToken, 'GET', '/schedules')).items[0];
  for (const [path, ready] of [
    ['/on-call', 'New schedule'],
    ['/on-call/new', 'Create schedule'],
    [`/on-call/${schedule.id}`, 'Add override'],
    [`/on-call/${schedule.id}/edit`, 'Save schedule'],
    ['/admin/escalation', 'Save business hours'],
    ['/admin/clients', 'Save tiers'],
    ['/me', 'Add and send a code'],
  ] as const) {
    await page.goto(`${server.url}${path}`);
    await page
      .getByRole(ready === 'New schedule' ? 'link' : 'button', { name: ready })
      .first()
      .waitFor();
    assert.equal(await overflow(page), 0, `${path} fits the screen`);
    await noViolations(page, `${path} on a phone`);
  }
  // A dialog on a phone takes the whole screen and still fits.
  await page.goto(`${server.url}/admin/escalation`);
  await page.getByRole('button', { name: 'New policy' }).click();
  await page.getByRole('dialog', { name: 'New escalation policy' }).getByLabel('Policy name').waitFor();
  assert.equal(await overflow(page), 0, 'the policy dialog fits the screen');
  await noViolations(page, 'the policy dialog on a phone');
  // The client dialog, with its chain and a contact's order, too.
  await page.goto(`${server.url}/admin/clients`);
  await page.getByRole('button', { name: 'Edit Acme Shop' }).click();
  await page
    .getByRole('dialog', { name: 'Edit Acme Shop' })
    .getByLabel('Slack member id (contact 1)')
    .waitFor();
  assert.equal(await overflow(page), 0, 'the client dialog fits the screen');
  await noViolations(page, 'the client dialog on a phone');
  assert.deepEqual(errors, []);
  await context.close();
});

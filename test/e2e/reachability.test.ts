/**
 * Who cannot be paged, where paging is set up, in Chromium: the schedule editor flags people in its
 * layers without a verified contact method (as they are added, before saving), the schedule page
 * and the on-call overview flag them too, and the escalation policy editor's schedule choices say
 * which schedules hold them. The organisation's default escalation policy is chosen on the escalation page, which says
 * what it is for and whether the people it pages can be reached.
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
const NINA = {
  email: 'nina@example.com',
  password: 'nina-password-1',
  name: 'Nina Night',
  role: 'responder',
};
const UMA = { email: 'uma@example.com', password: 'uma-password-12', name: 'Uma Unset', role: 'responder' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
};
const ids: Record<string, string> = {};

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);
const adminPage = (options: BrowserContextOptions = {}) => openSignedIn(browser, server.url, ADMIN, options);

/** A weekly schedule of one layer with `users`. */
const schedule = (name: string, users: string[]) =>
  ok(adminToken, 'POST', '/schedules', {
    name,
    definition: {
      timeZone: 'UTC',
      layers: [
        {
          id: 'primary',
          name: 'Primary',
          users,
          rotation: { kind: 'weekly' },
          handoffTime: '09:00',
          start: '2026-01-05',
        },
      ],
      overrides: [],
    },
  });

before(async () => {
  if (skip) return;
  [server, browser, teams] = await Promise.all([startWebServer(), launchBrowser(), startFakeTeams()]);
  adminToken = (await ok('', 'POST', '/auth/login', ADMIN)).token;
  for (const who of [NINA, UMA]) ids[who.name] = (await ok(adminToken, 'POST', '/users', who)).id;
  // Nina verifies a Teams channel; Uma adds no contact method at all.
  const ninaToken = (await ok('', 'POST', '/auth/login', { email: NINA.email, password: NINA.password }))
    .token;
  const method = await ok(ninaToken, 'POST', '/me/contact-methods', {
    kind: 'teams',
    address: teams.incomingWebhookUrl('nina-pager'),
    label: 'Pager',
  });
  let code: string | undefined;
  await until(async () => {
    code = teams.posts
      .filter((p) => p.name === 'nina-pager')
      .map((p) => /verification code: (\d{6})/.exec(JSON.stringify(p.card))?.[1])
      .find(Boolean);
    return !!code;
  });
  await ok(ninaToken, 'POST', `/me/contact-methods/${method.id}/verify`, { code });
  ids.mixed = (await schedule('Mixed rota', [ids['Nina Night']!, ids['Uma Unset']!])).id;
  ids.covered = (await schedule('Covered rota', [ids['Nina Night']!])).id;
  for (const [name, user] of [
    ['Nina chain', 'Nina Night'],
    ['Uma chain', 'Uma Unset'],
  ] as const) {
    const policy = await ok(adminToken, 'POST', '/escalation-policies', {
      name,
      repeat: 0,
      levels: [{ timeoutMinutes: 10, targets: [{ type: 'user', id: ids[user] }] }],
    });
    ids[name] = policy.id;
  }
});
after(async () => {
  await browser?.close();
  await teams?.close();
  await server?.stop();
});

test(
  'a schedule with people nobody can page is flagged where it is edited, shown and chosen',
  { skip },
  async () => {
    const { context, page, errors } = await adminPage();
    // The editor checks the layers as they are: all reachable, then Uma added before saving.
    await page.goto(`${server.url}/on-call/${ids.covered}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Edit Covered rota' }).waitFor();
    const layer = page.getByRole('group', { name: /^Layer 1: Primary/ });
    await layer.getByRole('button', { name: `Remove ${NINA.name}` }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('alert').count(), 0, 'nobody unreachable yet');
    await layer
      .getByLabel('Person to add: People in rotation (Primary)')
      .selectOption({ label: `${UMA.name} (${UMA.email})` });
    await layer.getByRole('button', { name: 'Add to People in rotation (Primary)' }).click();
    const warning = page
      .getByRole('alert')
      .filter({ hasText: 'One person in this schedule cannot be paged' });
    await warning.waitFor();
    assert.match((await warning.textContent()) ?? '', /Uma Unset has no verified contact method/);
    await noViolations(page, 'the schedule editor with a warning');
    await layer.getByRole('button', { name: `Remove ${UMA.name}` }).click();
    await warning.waitFor({ state: 'detached' });

    // The schedule page of a saved schedule with Uma in it.
    await page.goto(`${server.url}/on-call/${ids.mixed}`);
    await page.getByRole('heading', { level: 1, name: 'Mixed rota' }).waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: 'One person in this schedule cannot be paged' })
      .waitFor();

    // The on-call overview marks the schedule too.
    await page.goto(`${server.url}/on-call`);
    const card = (name: string) => page.getByRole('listitem').filter({ hasText: name });
    await card('Mixed rota').getByText('one person cannot be paged').waitFor();
    await card('Covered rota')
      .getByText('Nobody is on call now.')
      .or(card('Covered rota').getByText(NINA.name))
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await card('Covered rota').getByText('cannot be paged').count(), 0);
    await noViolations(page, 'on call');

    // The policy editor offers both schedules, saying which holds someone who cannot be paged.
    await page.goto(`${server.url}/admin/escalation`);
    await page.getByRole('button', { name: 'New policy' }).click();
    const dialog = page.getByRole('dialog', { name: 'New escalation policy' });
    const level1 = dialog.getByRole('group', { name: 'Level 1', exact: true });
    await level1.getByLabel('Page', { exact: true }).selectOption('schedule');
    const choices = level1.getByLabel('Schedule', { exact: true });
    await until(async () =>
      (await choices.locator('option').allTextContents()).some((o) => o.includes('cannot')),
    );
    assert.deepEqual((await choices.locator('option').allTextContents()).sort(), [
      'Choose a schedule',
      'Covered rota',
      'Mixed rota (one person cannot be paged)',
    ]);
    await choices.selectOption({ label: 'Mixed rota (one person cannot be paged)' });
    await level1.getByRole('button', { name: 'Add to level 1' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'One person in this policy cannot be paged' })
      .waitFor();
    await noViolations(page, 'the policy editor');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('the default escalation policy is chosen on the escalation page, with its reach', { skip }, async () => {
  const { context, page, errors } = await adminPage(PHONE);
  await page.goto(`${server.url}/admin/escalation`);
  const form = page.getByRole('form', { name: 'Default escalation policy' });
  await form
    .getByText(
      'Incidents with neither a service nor a team page this policy: when neither the incident’s service nor its team has a policy and no team answers for its area.',
    )
    .waitFor();
  const select = form.getByLabel('Default policy');
  assert.equal(await select.inputValue(), '');
  await form
    .getByText('Without a default policy, an incident with neither a service nor a team pages nobody.')
    .waitFor();

  await select.selectOption({ label: 'Uma chain' });
  const warning = form.getByRole('alert').filter({ hasText: 'One person in Uma chain cannot be paged' });
  await warning.waitFor();
  await noViolations(page, 'the default policy with a warning');
  assert.equal(await overflow(page), 0, 'fits a phone');
  await select.selectOption({ label: 'Nina chain' });
  await warning.waitFor({ state: 'detached' });
  await form.getByRole('button', { name: 'Save default policy' }).click();
  await page.getByText('Default escalation policy saved.').waitFor();
  assert.deepEqual(await ok(adminToken, 'GET', '/settings/default-escalation-policy'), {
    policyId: ids['Nina chain'],
  });

  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Nina chain' }) });
  await card.getByText('Organisation default').waitFor();
  assert.equal(await page.getByText('Organisation default').count(), 1);
  await page.reload();
  await page.getByRole('form', { name: 'Default escalation policy' }).waitFor();
  assert.equal(await page.getByLabel('Default policy').inputValue(), ids['Nina chain']);
  await page.getByLabel('Default policy').selectOption('');
  await page.getByRole('button', { name: 'Save default policy' }).click();
  await until(
    async () => (await ok(adminToken, 'GET', '/settings/default-escalation-policy')).policyId === null,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Changing a rotation in a real browser: the editor previews the change (who is on call now, the
 * shifts before and after) before saving; saved, it takes effect at the next handoff, and the past
 * shifts and the person on call stay as they were.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, signedInPage } from './kit.ts';

const skip = browserSkipReason();
const DAY = 86_400_000;
let server: WebServer;
let browser: Browser;
let token: string;

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  token = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('adding a person: preview first, then past shifts and the current one stay', { skip }, async () => {
  const ok = (method: string, url: string, body?: unknown) => okApi(server.url, token, method, url, body);
  for (const name of ['Ada', 'Grace', 'Linus'])
    await ok('POST', '/users', {
      email: `${name.toLowerCase()}@example.com`,
      password: `${name.toLowerCase()}-password-1`,
      name,
      role: 'responder',
    });
  const users = (await ok('GET', '/users')).items as { id: string; name: string }[];
  const id = (name: string) => users.find((u) => u.name === name)!.id;
  // Hand-offs half a day away from now, so none happens while the test runs.
  const handoff = new Date(Date.now() + DAY / 2).toISOString().slice(11, 13);
  const schedule = await ok('POST', '/schedules', {
    name: 'Rota',
    definition: {
      timeZone: 'UTC',
      layers: [
        {
          id: 'primary',
          name: 'Primary',
          users: [id('Ada'), id('Grace')],
          rotation: { kind: 'daily' },
          handoffTime: `${handoff}:00`,
          start: new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10),
        },
      ],
      overrides: [],
    },
  });
  const from = new Date(Date.now() - 9 * DAY).toISOString();
  const to = new Date().toISOString();
  const past = await ok('GET', `/schedules/${schedule.id}/shifts?from=${from}&to=${to}`);

  const { page } = await signedInPage(browser, server.url, ADMIN);
  await page.goto(`${server.url}/on-call/${schedule.id}/edit`);
  const layer = page.getByRole('group', { name: /^Layer 1: Primary/ });
  await layer
    .getByLabel('Person to add: People in rotation (Primary)')
    .selectOption({ label: 'Linus (linus@example.com)' });
  await layer.getByRole('button', { name: 'Add to People in rotation (Primary)' }).click();
  await page.getByLabel('Takes effect', { exact: true }).selectOption('next-handoff');
  await page.getByRole('button', { name: 'Preview the change' }).click();
  const preview = page.getByTestId('schedule-preview');
  await preview.waitFor();
  await preview.getByText('After the change').waitFor();
  const now = past.onCall[0] as string;
  const nowName = users.find((u) => u.id === now)!.name;
  assert.equal(await preview.getByText(`On call now: ${nowName}`).count(), 2);
  // The new order reaches Linus within two handoffs; the old one never does.
  await preview
    .getByText(/: Linus$/)
    .first()
    .waitFor();
  await noViolations(page, 'schedule change preview');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await page.waitForURL((u) => u.pathname === `/on-call/${schedule.id}`);

  const afterSave = await ok('GET', `/schedules/${schedule.id}/shifts?from=${from}&to=${to}`);
  assert.deepEqual(afterSave.shifts, past.shifts);
  assert.deepEqual(afterSave.onCall, [now]);
  await page.context().close();
});

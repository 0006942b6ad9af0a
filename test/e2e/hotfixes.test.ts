/**
 * Hotfixes in a real browser, on a real git repository: the room's "Fix: hotfix" panel shows
 * "merged back: main ✓, develop ✗" for a hotfix on main not yet merged into develop; a responder
 * records another hotfix from the room; the Hotfixes view lists them on a phone, without sideways
 * scrolling. Pages are free of console errors and of serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createGitScene, type GitScene } from '../helpers/git-repo.ts';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage, unexpected } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let scene: GitScene;
let adminToken: string;
let incident: { number: number; tagline: string };
let fix: string;
const GRACE = {
  email: 'grace@example.com',
  password: 'grace-password-1',
  name: 'Grace Hopper',
  role: 'responder',
};

const ok = (token: string, method: string, url: string, body?: unknown) =>
  okApi(server.url, token, method, url, body);

before(async () => {
  if (skip) return;
  scene = createGitScene();
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  adminToken = (await ok('', 'POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password })).token;
  await ok(adminToken, 'POST', '/users', GRACE);
  await ok(adminToken, 'POST', '/repositories', {
    name: 'api',
    cloneUrl: scene.origin,
    branches: ['main', 'develop', 'release/*'],
  });
  incident = await ok(adminToken, 'POST', '/incidents', {
    title: 'Login fails',
    scope: 'ALL-USERS',
    criticality: 'ALLBLOCK',
    area: 'BE',
  });
  fix = scene.commit('app.txt', 'fixed\n', 'HOT FIX: login');
  scene.git('push', '--quiet', 'origin', 'main');
  await ok(adminToken, 'POST', `/incidents/${incident.number}/hotfixes`, {
    repository: 'api',
    branch: 'main',
    commits: [fix],
    links: ['https://git.example.com/api/pull/412'],
  });
  const checked = await ok(adminToken, 'POST', '/repositories/api/check');
  assert.equal(checked.checkError, null);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  scene?.close();
});

test('the room shows the merge back per branch; a responder records a hotfix', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, GRACE);
  await page.goto(`${server.url}/incidents/${incident.number}`);
  const panel = page.getByRole('region', { name: 'Fix: hotfix' });
  await panel.getByText('merged back: main ✓, develop ✗').waitFor();
  await panel.getByText('Merge back outstanding').waitFor();
  await noViolations(page, 'the room with a hotfix');

  const other = scene.commit('other.txt', 'x\n', 'HOT FIX: session cookie');
  scene.git('push', '--quiet', 'origin', 'main');
  await panel.getByRole('button', { name: 'Record a hotfix' }).click();
  const dialog = page.getByRole('dialog', { name: `Hotfix of #${incident.number}` });
  await dialog.getByRole('combobox', { name: /^Repository/ }).click();
  await page.getByRole('option', { name: 'api' }).click();
  await dialog.getByRole('textbox', { name: /^Branch/ }).fill('main');
  await dialog.getByRole('textbox', { name: /^Commits/ }).fill('not-a-sha');
  await dialog.getByRole('button', { name: 'Record hotfix' }).click();
  await dialog.getByText(/a commit SHA/).waitFor();
  await noViolations(page, 'the hotfix dialog with an error');
  await dialog.getByRole('textbox', { name: /^Commits/ }).fill(other);
  await dialog.getByRole('button', { name: 'Record hotfix' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('Grace Hopper recorded a hotfix on main of api', { exact: true }).waitFor();
  const listed = await ok(adminToken, 'GET', `/incidents/${incident.number}/hotfixes`);
  assert.deepEqual(
    listed.items.map((h: { commits: string[] }) => h.commits),
    [[fix], [other]],
  );
  assert.deepEqual(unexpected(errors, 400), [], 'only the refused SHA');
  await context.close();
});

test('the Hotfixes view on a phone: outstanding first, no sideways scrolling', { skip }, async () => {
  const { context, page, errors } = await signedInPage(browser, server.url, GRACE, {
    viewport: { width: 375, height: 812 },
  });
  await page.goto(`${server.url}/hotfixes`);
  await page.getByRole('heading', { name: 'Hotfixes', level: 1 }).waitFor();
  const list = page.getByRole('list', { name: 'Hotfixes' });
  await list.getByText('merged back: main ✓, develop ✗').first().waitFor();
  await list
    .getByRole('link', { name: `#${incident.number} ${incident.tagline}` })
    .first()
    .waitFor();
  await page.getByRole('heading', { name: 'Repositories' }).waitFor();
  assert.equal(await overflow(page), 0);
  await noViolations(page, 'the Hotfixes view on a phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test(
  'a hotfix cherry-picked into develop shows as merged back, with a note saying so',
  { skip },
  async () => {
    scene.git('checkout', '--quiet', 'develop');
    scene.git('cherry-pick', fix);
    scene.git('push', '--quiet', 'origin', 'develop');
    scene.git('checkout', '--quiet', 'main');
    const checked = await ok(adminToken, 'POST', '/repositories/api/check');
    assert.equal(checked.checkError, null);
    const { context, page, errors } = await signedInPage(browser, server.url, GRACE);
    await page.goto(`${server.url}/incidents/${incident.number}`);
    const panel = page.getByRole('region', { name: 'Fix: hotfix' });
    await panel.getByText(`develop: The same change, cherry-picked: ${fix.slice(0, 10)}`).waitFor();
    await panel.getByText('merged back: main ✓, develop ✓').waitFor();
    await noViolations(page, 'the room with a cherry-picked hotfix');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

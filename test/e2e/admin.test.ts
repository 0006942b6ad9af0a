/**
 * Getting in and running the organisation, in a real browser: first-run setup, sign-in and
 * sign-out, an expired session that returns to where it was, people, API tokens and the urgency
 * policy — each page free of console errors and of serious accessibility violations, on a desktop
 * and on a phone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bootstrap } from '../../src/auth/bootstrap.ts';
import { SESSION_COOKIE } from '../../src/auth/plugin.ts';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import {
  accessibilityViolations,
  ADMIN,
  browserSkipReason,
  launchBrowser,
  newPage,
  signIn,
  startWebServer,
  type WebServer,
} from './browser.ts';

const skip = browserSkipReason();
let server: WebServer;
let fresh: WebServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  [server, fresh, browser] = await Promise.all([
    startWebServer(),
    startWebServer({ admin: false }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), fresh?.stop()]);
});

async function apiCall(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function adminToken(): Promise<string> {
  return (await apiCall(server.url, 'POST', '/auth/login', undefined, ADMIN)).body.token;
}

/** Waits until `check` holds (the page updates after the API answers). */
async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function noViolations(page: Page, where: string) {
  // Let opening dialogs finish fading in: half-transparent text is low-contrast text to axe.
  await until(() =>
    page.evaluate(() => {
      const g = globalThis as any;
      return (g.document.getAnimations() as { playState: string }[]).every((a) => a.playState !== 'running');
    }),
  );
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${where}`);
}

test('first-run setup through the page, then sign out and a wrong password', { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);

  // Signed out with no users yet, the app goes to setup, which explains where the link is.
  await page.goto(`${fresh.url}/signin`);
  await page.waitForURL((u) => u.pathname === '/setup');
  await page.getByText('Where is the setup link?').waitFor();
  await noViolations(page, 'setup without a token');

  const started = await bootstrap(fresh.db.pool, loadConfig({ EXPEDITE_PUBLIC_URL: fresh.url }), systemClock);
  assert.equal(started.kind, 'setup-link');
  const link = (started as { url: string }).url;

  // A wrong token is refused with a way forward; the right one creates the admin.
  await page.goto(`${fresh.url}/setup?token=exu_wrong`);
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await page.getByText('Use at least 8 characters').waitFor();
  await page.getByLabel('Password').fill('ada-password-1');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await page.getByRole('alert').getByText('This setup link is not valid').waitFor();
  errors.splice(0, errors.length, ...errors.filter((e) => !/status of 403/.test(e)));

  await page.goto(link);
  await page.getByLabel('Your name').waitFor();
  await noViolations(page, 'setup with a token');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('ada-password-1');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByRole('button', { name: 'Account: Ada Lovelace' }).waitFor();

  // Setup is closed now: its page sends to sign-in, which sends a signed-in person home.
  await page.goto(`${fresh.url}/setup?token=anything`);
  await page.waitForURL((u) => u.pathname === '/');

  await page.goto(`${fresh.url}/tokens`);
  await page.getByLabel('Token name').waitFor();
  await page.getByRole('button', { name: 'Account: Ada Lovelace' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/signin');
  await page.getByLabel('Email').waitFor();
  await noViolations(page, 'sign-in');

  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('not-her-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText('Wrong email or password').waitFor();
  await noViolations(page, 'sign-in with an error');

  await page.getByLabel('Password').fill('ada-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a revoked session returns to sign-in and then back to the same page', { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await signIn(page, server.url);
  await page.goto(`${server.url}/tokens`);
  await page.getByLabel('Token name').waitFor();

  // The session ends elsewhere (revoked through the API with the same secret).
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  assert.ok(cookie);
  assert.equal((await apiCall(server.url, 'POST', '/auth/logout', cookie.value)).status, 200);

  await page.getByLabel('Token name').fill('after-expiry');
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('next') === '/tokens');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/tokens');
  await page.getByLabel('Token name').waitFor();

  // A `next` that leaves the site is ignored.
  await page.goto(`${server.url}/signin?next=${encodeURIComponent('//evil.example/x')}`);
  await page.waitForURL((u) => u.pathname === '/' && u.host === new URL(server.url).host);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an admin adds a person, changes their role and disables them', { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await signIn(page, server.url);
  await page.goto(`${server.url}/admin/users`);
  await page.getByRole('cell', { name: /admin@example\.com/ }).waitFor();
  await noViolations(page, 'people');

  await page.getByRole('button', { name: 'Add person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add person' });
  await dialog.getByLabel('Name').fill('Grace Hopper');
  await dialog.getByLabel('Email').fill(ADMIN.email);
  await dialog.getByLabel('Role').selectOption('responder');
  await dialog.getByLabel('Initial password').fill('grace-password-1');
  await noViolations(page, 'add person');
  await dialog.getByRole('button', { name: 'Add person' }).click();
  // The taken email is reported at the email field.
  await dialog.getByText(`A person with email ${ADMIN.email} exists already`).waitFor();
  errors.splice(0, errors.length, ...errors.filter((e) => !/status of 409/.test(e)));
  await dialog.getByLabel('Email').fill('grace@example.com');
  await dialog.getByRole('button', { name: 'Add person' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const role = page.getByLabel('Role of Grace Hopper');
  assert.equal(await role.inputValue(), 'responder');
  await role.selectOption('support');
  const confirm = page.getByRole('dialog', { name: "Change Grace Hopper's role?" });
  await noViolations(page, 'confirm a role change');
  await confirm.getByRole('button', { name: 'Change role' }).click();
  await confirm.waitFor({ state: 'hidden' });
  await until(async () => (await role.inputValue()) === 'support');

  await page.getByRole('button', { name: 'Disable Grace Hopper' }).click();
  await page
    .getByRole('dialog', { name: 'Disable Grace Hopper?' })
    .getByRole('button', { name: 'Disable' })
    .click();
  await page.getByRole('button', { name: 'Enable Grace Hopper' }).waitFor();

  const token = await adminToken();
  const grace = (await apiCall(server.url, 'GET', '/users', token)).body.items.find(
    (u: { email: string }) => u.email === 'grace@example.com',
  );
  assert.equal(grace.role, 'support');
  assert.equal(grace.disabled, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('creates an API token, shows its secret once, and revokes it', { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await signIn(page, server.url);
  await page.goto(`${server.url}/tokens`);
  await page.getByLabel('Token name').waitFor();
  await noViolations(page, 'tokens');

  await page.getByLabel('Token name').fill('ci-deploy');
  await page.getByLabel('Expires').selectOption('30');
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByRole('dialog', { name: 'Copy your new token' });
  const secret = await shown.getByLabel('Secret of "ci-deploy"').inputValue();
  assert.match(secret, /^exp_/);
  await shown.getByText('Shown only once').waitFor();
  await noViolations(page, 'new token secret');
  assert.equal((await apiCall(server.url, 'GET', '/auth/me', secret)).status, 200);
  await shown.getByRole('button', { name: 'Done, I have copied it' }).click();

  await page.getByRole('cell', { name: 'ci-deploy', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Revoke ci-deploy' }).click();
  await page
    .getByRole('dialog', { name: 'Revoke "ci-deploy"?' })
    .getByRole('button', { name: 'Revoke token' })
    .click();
  await page.getByText('You have no API tokens.').waitFor();
  assert.equal((await apiCall(server.url, 'GET', '/auth/me', secret)).status, 401);
  assert.deepEqual(errors, []);
  await context.close();
});

test('edits the urgency policy with a reason; new declarations follow it', { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await signIn(page, server.url);
  await page.goto(`${server.url}/admin/policy`);
  await page.getByTestId('policy-version').getByText('Version 0').waitFor();
  await noViolations(page, 'policy');

  const cell = page.getByRole('combobox', { name: /^S-ADMIN .*FBEHAV/ });
  assert.equal(await cell.inputValue(), 'P4');
  await cell.selectOption('P1');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await page.getByText('Say why the policy changes').waitFor();
  await page.getByLabel('Reason for the change').fill('One blocked admin is a key account this quarter');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await page.getByTestId('policy-version').getByText('Version 1').waitFor();
  await page.getByText('“One blocked admin is a key account this quarter”').waitFor();
  await noViolations(page, 'policy after saving');

  const token = await adminToken();
  const declared = await apiCall(server.url, 'POST', '/incidents', token, {
    title: 'One admin cannot export reports',
    scope: 'S-ADMIN',
    criticality: 'FBEHAV',
  });
  assert.equal(declared.status, 201);
  assert.equal(declared.body.urgency, 'P1');
  assert.equal(declared.body.decision, 'expedite');
  assert.deepEqual(errors, []);
  await context.close();
});

test('works on a phone-sized screen', { skip }, async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
  });
  const { page, errors } = await newPage(context);
  // Runs in the page (no DOM types here): how far the page is wider than the screen.
  const overflow = () =>
    page.evaluate(() => {
      const g = globalThis as any;
      return (g.document.documentElement.scrollWidth as number) - (g.innerWidth as number);
    });
  await page.goto(`${server.url}/signin`);
  await page.getByLabel('Email').waitFor();
  assert.equal(await overflow(), 0, 'sign-in fits');
  await signIn(page, server.url);

  for (const [path, ready] of [
    ['/admin/users', 'Add person'],
    ['/tokens', 'Create token'],
    ['/admin/policy', 'Save policy'],
  ] as const) {
    await page.goto(`${server.url}${path}`);
    await page.getByRole('button', { name: ready }).waitFor();
    assert.equal(await overflow(), 0, `${path} fits the screen`);
    await noViolations(page, `${path} on a phone`);
  }
  // The matrix stays usable: every cell is a visible select.
  const cell = page.getByRole('combobox', { name: /^ALL-USERS .*FBEHAV/ });
  assert.ok(await cell.isVisible());
  await cell.selectOption('P2');
  await page.getByText('1 change not saved yet').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

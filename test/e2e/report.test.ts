/**
 * Support reports in the browser: a support agent files a report with a HAR file (a failing request,
 * a network error, a slow request, and secrets in a header and the URL), sees its summary before
 * sending, and lands in the new incident's room where the report shows — the secrets nowhere on
 * either page. The form suggests a similar open incident to attach to; an error keeps everything
 * typed; uploads show progress; it works on a phone. Every page is free of console errors and of
 * serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import {
  accessibilityViolations,
  ADMIN,
  browserSkipReason,
  launchBrowser,
  newPage,
  startWebServer,
  type WebServer,
} from './browser.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let adminToken: string;
let dir: string;
const SAM = { email: 'sam@example.com', password: 'sam-password-1', name: 'Sam', role: 'support' };
const ACCESS_TOKEN = 'ya29.SECRETACCESSTOKEN7q';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.SECRETBEARERPAYLOAD.sig';

/** A HAR file as Chrome saves it: a 500 with an Authorization header and an access_token in the
 * URL, a request the browser could not make, a slow one, and a page error. */
function harFixture(): string {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 15, 9, 30, s)).toISOString();
  const entry = (o: {
    s: number;
    url: string;
    status: number;
    statusText?: string;
    time: number;
    error?: string;
    headers?: { name: string; value: string }[];
  }) => ({
    startedDateTime: at(o.s),
    time: o.time,
    _resourceType: 'fetch',
    request: {
      method: 'GET',
      url: o.url,
      httpVersion: 'http/2.0',
      headers: o.headers ?? [],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: o.status,
      statusText: o.statusText ?? '',
      httpVersion: 'http/2.0',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
      ...(o.error ? { _error: o.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: o.time, receive: 0 },
  });
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ startedDateTime: at(0), id: 'page_1', title: 'Users', pageTimings: { onLoad: 900 } }],
      entries: [
        entry({
          s: 1,
          url: `https://app.example.com/api/users/42?access_token=${ACCESS_TOKEN}&tab=details`,
          status: 500,
          statusText: 'Internal Server Error',
          time: 240,
          headers: [{ name: 'Authorization', value: `Bearer ${BEARER}` }],
        }),
        entry({
          s: 2,
          url: 'https://cdn.example.com/app.js',
          status: 0,
          time: 12,
          error: 'net::ERR_CONNECTION_REFUSED',
        }),
        entry({
          s: 3,
          url: 'https://app.example.com/api/users?page=2',
          status: 200,
          statusText: 'OK',
          time: 8200,
        }),
      ],
      _errors: [
        { message: 'TypeError: Cannot read properties of undefined (reading "email")', timestamp: at(2) },
      ],
    },
  });
}

// A 1×1 PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'expedite-report-e2e-'));
  writeFileSync(path.join(dir, 'session.har'), harFixture());
  writeFileSync(path.join(dir, 'error-page.png'), png);
  writeFileSync(path.join(dir, 'recording.bin'), Buffer.alloc(1_500_000, 7));
  server = await startWebServer();
  browser = await launchBrowser();
  adminToken = (await call('POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password })).token;
  await call('POST', '/users', SAM);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Calls the API as the admin; returns the JSON body (asserting success). */
async function call(method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: {
      ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A browser context signed in as `who`, closed after the test. */
async function signedIn(
  t: TestContext,
  who: { email: string; password: string },
  options: BrowserContextOptions = {},
) {
  const context = await browser.newContext(options);
  t.after(() => context.close());
  const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: who });
  assert.equal(res.status(), 200);
  return context;
}

/** Waits until `check` holds. */
async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function noViolations(page: Page, where: string) {
  await until(() =>
    page.evaluate(() => {
      const g = globalThis as any;
      return (g.document.getAnimations() as { playState: string }[]).every((a) => a.playState !== 'running');
    }),
  );
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${where}`);
}

/** Chooses files with the form's "Add files" button, as a person would. */
async function addFiles(page: Page, ...names: string[]) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add files' }).click();
  await (await chooser).setFiles(names.map((n) => path.join(dir, n)));
}

function entry(page: Page, text: string | RegExp) {
  return page.getByRole('list', { name: /^Timeline entries/ }).getByText(text);
}

function assertNoSecrets(html: string, where: string) {
  for (const secret of [ACCESS_TOKEN, BEARER, 'SECRETACCESSTOKEN', 'SECRETBEARERPAYLOAD'])
    assert.equal(html.includes(secret), false, `${secret} appears on ${where}`);
}

test(
  'a support agent reports with a HAR file: summary before sending, the new incident shows the report, no secrets',
  { skip },
  async (t) => {
    const context = await signedIn(t, SAM);
    const { page, errors } = await newPage(context);
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Report a problem' }).first().click();
    await page.waitForURL(/\/reports\/new$/);
    await page.getByRole('heading', { level: 1, name: 'Report a problem' }).waitFor();
    await noViolations(page, 'report form, empty');

    await page.getByLabel('What happens?').fill('Opening a user in the admin list shows an error page');
    await page
      .getByLabel('Steps to reproduce (optional)')
      .fill('1. Sign in as admin\n2. Open Users\n3. Click any user');
    const users = page.getByRole('combobox', { name: 'Affected user ids (optional)' });
    await users.fill('u-1842');
    await users.press('Enter');
    await users.fill('u-2001');
    await users.press('Enter');
    await page.getByLabel('Cleared the browser cache').check();
    await page.getByLabel('Tried in a private (incognito) window').check();
    await page.getByLabel('Session recording link (optional)').fill('https://replay.example.com/s/abc');

    await addFiles(page, 'session.har', 'error-page.png');
    const files = page.getByRole('list', { name: 'Attached files' });
    const summary = files.getByTestId('har-summary');
    await summary.waitFor();
    await summary.getByText('3 requests · 1 page').waitFor();
    await summary.getByText('2 failing requests').waitFor();
    await summary.getByText('1 slow request').waitFor();
    await summary.getByText('1 page error').waitFor();
    const failing = summary.getByRole('table', { name: 'Failing requests' });
    await failing.getByText('500 Internal Server Error').waitFor();
    await failing.getByText('net::ERR_CONNECTION_REFUSED').waitFor();
    await failing.getByText(/app\.example\.com\/api\/users\/42\?access_token=/).waitFor();
    await summary.getByRole('table', { name: 'Slow requests' }).getByText('8.2 s').waitFor();
    await summary.getByText(/TypeError: Cannot read properties of undefined/).waitFor();
    await files.getByText('error-page.png').waitFor();
    assertNoSecrets(await page.content(), 'the report form');

    // The draft survives a reload, uploaded files included.
    await page.reload();
    await page.getByText('Your unsent report is back.').waitFor();
    assert.equal(
      await page.getByLabel('What happens?').inputValue(),
      'Opening a user in the admin list shows an error page',
    );
    await page.getByRole('list', { name: 'Attached files' }).getByTestId('har-summary').waitFor();
    assert.equal(await page.getByLabel('Cleared the browser cache').isChecked(), true);

    await page.getByRole('radio', { name: 'Open a new incident' }).check();
    await page.getByLabel('Who is affected (scope)').selectOption('ADMINS');
    await page.getByLabel('How bad it is (criticality)').selectOption('FBLOCK');
    await noViolations(page, 'report form, filled in');
    await page.getByRole('button', { name: 'Send report and open incident' }).click();

    // The room of the new incident: origin, the report with its evidence and HAR summary.
    await page.waitForURL(/\/incidents\/\d+$/);
    await page.getByRole('heading', { level: 1, name: /^ADMINS-FBLOCK: Opening a user/ }).waitFor();
    await page.getByTestId('incident-origin').getByText('Sam').waitFor();
    await entry(page, 'declared the incident from a support report').waitFor();
    await entry(page, 'filed a support report').waitFor();
    const report = page.getByRole('list', { name: 'Support reports' });
    await report.getByText('Opening a user in the admin list shows an error page').waitFor();
    await report.getByText('u-1842').waitFor();
    await report.getByText('Cache cleared').waitFor();
    await report.getByText('Not tried in another browser').waitFor();
    await report.getByRole('link', { name: /Session recording/ }).waitFor();
    const shot = report.getByRole('img', { name: /^Screenshot error-page\.png/ });
    await shot.waitFor();
    await until(() => shot.evaluate((img: any) => img.complete && img.naturalWidth === 1));
    await report.getByTestId('har-summary').getByRole('table', { name: 'Failing requests' }).waitFor();
    await report.getByText('net::ERR_CONNECTION_REFUSED').waitFor();
    assertNoSecrets(await page.content(), 'the incident room');
    await noViolations(page, 'incident room with a report');

    // The form was cleared once sent.
    await page.goto(`${server.url}/reports/new`);
    await page.getByRole('heading', { level: 1, name: 'Report a problem' }).waitFor();
    assert.equal(await page.getByLabel('What happens?').inputValue(), '');
    assert.deepEqual(errors, []);
  },
);

test(
  'the form suggests a similar open incident and attaching to it works; an error keeps what was typed',
  { skip },
  async (t) => {
    const target = await call('POST', '/incidents', {
      title: 'Invoice PDF download fails for enterprise accounts',
    });
    const other = await call('POST', '/incidents', { title: 'Invoice totals show the wrong currency' });
    const context = await signedIn(t, SAM);
    const { page, errors } = await newPage(context);
    await page.goto(`${server.url}/reports/new`);
    await page.getByLabel('What happens?').fill('Customer cannot download the invoice PDF');
    const attach = page.getByRole('radio', { name: `Attach to #${target.number}: ${target.tagline}` });
    await attach.waitFor();
    await noViolations(page, 'report form with suggestions');
    await attach.check();
    await page.getByRole('button', { name: `Add report to #${target.number}` }).waitFor();

    // The incident is declined meanwhile: the API refuses, everything typed stays.
    await call('POST', `/incidents/${target.number}/status`, { status: 'declined', note: 'Duplicate' });
    await page.getByRole('button', { name: `Add report to #${target.number}` }).click();
    await page.getByRole('alert').filter({ hasText: 'The report was not sent' }).waitFor();
    await page.getByText(/report a new incident instead/).waitFor();
    assert.equal(
      await page.getByLabel('What happens?').inputValue(),
      'Customer cannot download the invoice PDF',
    );
    assert.equal(await attach.isChecked(), true);
    await noViolations(page, 'report form after an error');

    // Attach to the other one, still open, instead.
    await page.getByLabel('What happens?').fill('Customer sees invoice totals in the wrong currency');
    const second = page.getByRole('radio', { name: `Attach to #${other.number}: ${other.tagline}` });
    await second.waitFor();
    await second.check();
    await page.getByRole('button', { name: `Add report to #${other.number}` }).click();
    await page.waitForURL(new RegExp(`/incidents/${other.number}$`));
    await entry(page, 'filed a support report').waitFor();
    await page
      .getByRole('list', { name: 'Support reports' })
      .getByText('Customer sees invoice totals in the wrong currency')
      .waitFor();
    assert.equal((await call('GET', `/incidents/${other.number}/reports`)).items.length, 1);
    assert.deepEqual(
      errors.filter((e) => !e.includes('status of 409')),
      [],
    );
  },
);

test('uploads show their progress; a file can be removed', { skip }, async (t) => {
  const context = await signedIn(t, SAM);
  const { page, errors } = await newPage(context);
  await page.goto(`${server.url}/reports/new`);
  await page.getByRole('heading', { level: 1, name: 'Report a problem' }).waitFor();
  // Slow the upload down so that its progress is visible.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: 10_000_000,
    uploadThroughput: 150_000,
  });
  await addFiles(page, 'recording.bin');
  const bar = page.getByRole('progressbar', { name: 'Upload of recording.bin' });
  await bar.waitFor();
  await page.getByText(/uploading, \d+%/).waitFor();
  await page.getByText('Waiting for uploads to finish…').waitFor();
  // Sending now waits for the upload instead of losing it.
  await page.getByLabel('What happens?').fill('A long screen recording');
  await page.getByRole('button', { name: 'Send report and open incident' }).click();
  await page.getByText('Wait for the files to finish uploading, or remove them').waitFor();
  await noViolations(page, 'report form while uploading');
  await bar.waitFor({ state: 'detached', timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const files = page.getByRole('list', { name: 'Attached files' });
  await files.getByText(/File · 1\.4 MB · uploaded/).waitFor();
  await files.getByRole('button', { name: 'Remove recording.bin' }).click();
  await files.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('the report form works on a phone (375×800), in the dark theme too', { skip }, async (t) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await signedIn(t, SAM, { viewport: { width: 375, height: 800 }, colorScheme });
    const { page, errors } = await newPage(context);
    await page.goto(`${server.url}/reports/new`);
    await page.getByRole('heading', { level: 1, name: 'Report a problem' }).waitFor();
    await page.getByRole('button', { name: 'Send report and open incident' }).click();
    await page.getByText('Say what the customer sees').waitFor();
    await page.getByLabel('What happens?').fill(`Checkout button does nothing on iPhone (${colorScheme})`);
    await addFiles(page, 'session.har');
    await page.getByRole('list', { name: 'Attached files' }).getByTestId('har-summary').waitFor();
    const fits = await page.evaluate(() => {
      const g = globalThis as any;
      return g.document.documentElement.scrollWidth <= g.innerWidth;
    });
    assert.equal(fits, true, 'the form is wider than the phone');
    await noViolations(page, `report form on a phone (${colorScheme})`);
    await page.getByRole('radio', { name: 'Open a new incident' }).check();
    await page.getByRole('button', { name: 'Send report and open incident' }).click();
    await page.waitForURL(/\/incidents\/\d+$/);
    await page.getByRole('tab', { name: 'Signals' }).click();
    await page.getByRole('list', { name: 'Support reports' }).getByTestId('har-summary').waitFor();
    const roomFits = await page.evaluate(() => {
      const g = globalThis as any;
      return g.document.documentElement.scrollWidth <= g.innerWidth;
    });
    assert.equal(roomFits, true, 'the room is wider than the phone');
    await noViolations(page, `incident room reports tab on a phone (${colorScheme})`);
    assert.deepEqual(errors, []);
  }
});

/**
 * Declaring and finding incidents in the browser: declare from home in three interactions, the live
 * tagline/urgency/decision preview, errors that keep what was typed, home grouped by urgency and
 * updating live, list filters that live in the URL, and a phone-sized screen in the dark theme.
 */
import assert from 'node:assert/strict';
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
import { until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A signed-in browser context, closed after the test (the sign-in page is not tested here). */
async function signedIn(t: TestContext, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  t.after(() => context.close());
  const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: ADMIN });
  assert.equal(login.status(), 200);
  return context;
}

/** Declares through the API, as another responder would (a cookie change names its origin). */
async function declare(page: Page, body: Record<string, unknown>) {
  const res = await page.request.post(`${server.url}/api/v1/incidents`, {
    data: body,
    headers: { origin: server.url },
  });
  assert.equal(res.status(), 201);
  return res.json();
}

async function incident(page: Page, ref: string) {
  const res = await page.request.get(`${server.url}/api/v1/incidents/${ref}`);
  assert.equal(res.status(), 200);
  return res.json();
}

const refOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

test('an empty home says so and offers to declare', { skip }, async (t) => {
  const context = await signedIn(t);
  const { page, errors } = await newPage(context);
  await page.goto(server.url);
  await page.getByText('No open incidents').waitFor();
  await page.getByRole('main').getByRole('button', { name: 'Declare an incident' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(errors, []);
});

test('declaring from home takes three interactions: d, the title, Enter', { skip }, async (t) => {
  const context = await signedIn(t);
  const { page, errors } = await newPage(context);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page.getByText('No open incidents').waitFor();

  await page.keyboard.press('d'); // 1
  await page.locator('[name="title"]:focus').waitFor();
  await page.keyboard.type('Checkout button does nothing'); // 2
  await page.keyboard.press('Enter'); // 3

  await page.waitForURL(/\/incidents\/\d+$/);
  await page.getByText(/Incident #\d+ declared/).waitFor();
  const created = await incident(page, refOf(page));
  assert.equal(created.title, 'Checkout button does nothing');
  assert.equal(created.urgency, null);
  assert.deepEqual(errors, []);
});

test('the form previews tagline, urgency and decision live and declares them', { skip }, async (t) => {
  const context = await signedIn(t);
  const { page, errors } = await newPage(context);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page
    .getByRole('banner')
    .getByRole('button', { name: /Declare/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('What is wrong?').fill('Clicking on user details gives an error');
  const tagline = dialog.getByTestId('declare-tagline');
  const outcome = dialog.getByTestId('declare-assessment');
  await outcome.getByText('No urgency').waitFor();
  assert.equal(await tagline.innerText(), 'Clicking on user details gives an error');

  await dialog.getByLabel('Who is affected (scope)').selectOption('ADMINS');
  await dialog.getByLabel('How bad it is (criticality)').selectOption('FBLOCK');
  await dialog.getByLabel('Where it is (area)').selectOption('FE');
  assert.equal(await tagline.innerText(), 'ADMINS-FBLOCK-FE: Clicking on user details gives an error');
  await outcome.getByText('P3').waitFor();
  await outcome.getByText('Ask the product owner').waitFor();

  // A high impact on revenue moves it one level up, to be expedited; unknown again moves it back.
  await dialog.getByLabel('Revenue').selectOption('high');
  await outcome.getByText('P2').waitFor();
  await outcome.getByText('Expedite now').waitFor();
  await dialog.getByLabel('Revenue').selectOption('');
  await outcome.getByText('P3').waitFor();

  assert.deepEqual(await accessibilityViolations(page), []);
  await dialog.getByRole('button', { name: 'Declare incident' }).click();
  await page.waitForURL(/\/incidents\/\d+$/);
  const created = await incident(page, refOf(page));
  assert.equal(created.tagline, 'ADMINS-FBLOCK-FE: Clicking on user details gives an error');
  assert.equal(created.urgency, 'P3');
  assert.equal(created.decision, 'product-owner');
  assert.deepEqual(errors, []);
});

test('a refused or failed declaration keeps what was typed and says what to fix', { skip }, async (t) => {
  const context = await signedIn(t);
  const { page, errors } = await newPage(context);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page
    .getByRole('banner')
    .getByRole('button', { name: /Declare/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  const title = dialog.getByLabel('What is wrong?');

  // A title alone is required: nothing is sent without one.
  await title.press('Enter');
  await dialog.getByText('Say in a line what is wrong').waitFor();

  await page.route('**/api/v1/incidents', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'invalid_request',
              message: 'body.title: is too vague',
              details: [{ field: 'body.title', message: 'is too vague' }],
            },
          }),
        })
      : route.fallback(),
  );
  await title.fill('Search is slow');
  await dialog.getByLabel('Where it is (area)').selectOption('BE');
  await title.press('Enter');
  await dialog.getByText('is too vague').waitFor();
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  assert.equal(await title.inputValue(), 'Search is slow');

  await page.unroute('**/api/v1/incidents');
  await page.route('**/api/v1/incidents', (route) =>
    route.request().method() === 'POST' ? route.abort() : route.fallback(),
  );
  await dialog.getByRole('button', { name: 'Declare incident' }).click();
  await dialog.getByText('Cannot reach Expedite').waitFor();
  assert.equal(await title.inputValue(), 'Search is slow');
  assert.equal(await dialog.getByLabel('Where it is (area)').inputValue(), 'BE');

  // Closing by accident does not lose it either.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.unroute('**/api/v1/incidents');
  await page
    .getByRole('banner')
    .getByRole('button', { name: /Declare/ })
    .click();
  await dialog.getByText('Your unsent draft is back.').waitFor();
  assert.equal(await title.inputValue(), 'Search is slow');
  await title.press('Enter');
  await page.waitForURL(/\/incidents\/\d+$/);
  assert.equal((await incident(page, refOf(page))).tagline, 'BE: Search is slow');
  // The browser logs the two failed requests provoked above; nothing else may fail.
  assert.deepEqual(
    errors.filter((e) => !/status of 400|ERR_FAILED/.test(e)),
    [],
  );
});

test('home groups open incidents by urgency and shows new ones live', { skip }, async (t) => {
  const context = await signedIn(t);
  const { page, errors } = await newPage(context);
  const p1 = await declare(page, { title: 'Nobody can sign in', scope: 'ALL', criticality: 'ALLBLOCK' });
  const p3 = await declare(page, { title: 'Tooltip typo', scope: 'S-ADMIN', criticality: 'ALLBLOCK' });
  // A P4 is decided "normal backlog": it goes to the Backlog, not the home page.
  const p4 = await declare(page, { title: 'Icon slightly off', scope: 'S-ADMIN', criticality: 'FBEHAV' });
  await page.request.post(`${server.url}/api/v1/incidents/${p3.number}/ownership`, {
    headers: { origin: server.url },
  });
  await until(
    async () =>
      (await (await page.request.get(`${server.url}/api/v1/incidents/${p4.number}`)).json()).status ===
      'backlogged',
  );

  await page.goto(server.url);
  await page.getByRole('link', { name: p1.tagline }).waitFor();
  const headings = (await page.getByRole('heading', { level: 2 }).allInnerTexts()).map(
    (h) => h.split(' ·')[0],
  );
  // An admin also sees the setup checklist until paging works end to end.
  assert.deepEqual(headings, ['Set up paging (0 of 3 done)', 'P1', 'P3', 'No urgency yet']);
  assert.equal(await page.getByRole('link', { name: p4.tagline }).count(), 0);
  await page.getByRole('region', { name: /^P1/ }).getByRole('link', { name: p1.tagline }).waitFor();
  await page.getByRole('region', { name: /^P3/ }).getByRole('link', { name: p3.tagline }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);

  // Someone else declares: it appears without a reload.
  const p2 = await declare(page, { title: 'Payments fail for some', scope: 'USERS', criticality: 'FBLOCK' });
  await page.getByRole('region', { name: /^P2/ }).getByRole('link', { name: p2.tagline }).waitFor();

  await page.getByRole('tab', { name: 'Mine' }).click();
  await page.waitForURL(/\?view=mine$/);
  await page.getByRole('link', { name: p3.tagline }).waitFor();
  // The previous view stays on screen until "Mine" has loaded: wait for it to go.
  await page.getByRole('link', { name: p1.tagline }).waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('link', { name: p1.tagline }).count(), 0);

  await page.getByRole('link', { name: p3.tagline }).click();
  await page.waitForURL(new RegExp(`/incidents/${p3.number}$`));
  assert.deepEqual(errors, []);
});

test('the list keeps its filters in the URL and pages with Load more', { skip }, async (t) => {
  const context = await signedIn(t);
  const { page, errors } = await newPage(context);

  await page.goto(`${server.url}/incidents`);
  await page.getByRole('table').getByRole('link', { name: 'ALL-ALLBLOCK: Nobody can sign in' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);

  // click, not check(): the box follows the URL, which updates a moment after the click.
  // Two changes in quick succession, without waiting for the page to redraw: both stay.
  await page.getByRole('checkbox', { name: 'P1' }).click();
  await page.getByLabel('Status').selectOption('open');
  await page.waitForURL(
    (url) => url.searchParams.get('urgency') === 'P1' && url.searchParams.get('status') === 'open',
  );
  const table = page.getByRole('table');
  await table.getByRole('link', { name: 'ALL-ALLBLOCK: Nobody can sign in' }).waitFor();
  // A function, not a string: the page's Content-Security-Policy forbids evaluating strings.
  await page.waitForFunction(
    () => (globalThis as any).document.querySelectorAll('table tbody tr').length === 1,
  );

  await page.reload();
  await table.getByRole('link', { name: 'ALL-ALLBLOCK: Nobody can sign in' }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'P1' }).isChecked(), true);
  assert.equal(await page.getByLabel('Status').inputValue(), 'open');
  assert.equal(await table.locator('tbody tr').count(), 1);

  // Search and cursor pagination: 53 matches arrive 50 at a time.
  for (let i = 1; i <= 53; i++) await declare(page, { title: `Bulk report ${i}`, scope: 'S-USER' });
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL(/\/incidents$/);
  await page.getByLabel('Search').fill('bulk');
  await page.waitForURL(/[?&]q=bulk(&|$)/);
  await page.getByText('50 incidents shown; more below').waitFor();
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText('53 incidents', { exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);
  await page.goBack();
  await page.waitForURL(/\/incidents$/);
  assert.equal(await page.getByLabel('Search').inputValue(), '');
  assert.deepEqual(errors, []);
});

test(
  'a phone-sized screen in the dark theme: cards, a full-screen form, nothing too wide',
  { skip },
  async (t) => {
    const context = await signedIn(t, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    const { page, errors } = await newPage(context);
    const tooWide = () => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

    await page.goto(server.url);
    await page.getByRole('link', { name: 'ALL-ALLBLOCK: Nobody can sign in' }).waitFor();
    assert.equal(await tooWide(), false);
    assert.deepEqual(await accessibilityViolations(page), []);

    await page
      .getByRole('banner')
      .getByRole('button', { name: /Declare/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Declare incident' });
    await dialog.getByLabel('What is wrong?').fill('Images missing on the phone app');
    await dialog.getByLabel('Who is affected (scope)').selectOption('ALL-USERS');
    await dialog.getByLabel('How bad it is (criticality)').selectOption('FBEHAV');
    await dialog.getByTestId('declare-assessment').getByText('P3').waitFor();
    const box = await dialog.boundingBox();
    assert.ok(box && box.width >= 389, 'the form fills the phone screen');
    assert.deepEqual(await accessibilityViolations(page), []);
    await dialog.getByLabel('What is wrong?').press('Enter');
    await page.waitForURL(/\/incidents\/\d+$/);

    await page.goto(`${server.url}/incidents?q=sign`);
    await page.getByRole('link', { name: 'ALL-ALLBLOCK: Nobody can sign in' }).waitFor();
    assert.equal(await page.getByRole('table').isVisible(), false);
    assert.equal(await tooWide(), false);
    assert.deepEqual(await accessibilityViolations(page), []);
    assert.deepEqual(errors, []);
  },
);

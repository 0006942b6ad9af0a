/**
 * "Have we seen this before?" in a real browser: a resolved incident's note is found on the
 * Knowledge page (on a phone, no overflow), the declare form suggests it with what fixed it while
 * the new incident is typed, and the room of a new look-alike incident shows it. No serious
 * accessibility violations, no console errors.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ADMIN, browserSkipReason, launchBrowser, startWebServer, type WebServer } from './browser.ts';
import { noViolations, okApi, overflow, signedInPage, unexpected } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let token: string;
let solved: number;
const FIX = 'Rotated the expired webhook signing secret';

const ok = (method: string, url: string, body?: unknown) => okApi(server.url, token, method, url, body);

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  token = (await okApi(server.url, '', 'POST', '/auth/login', ADMIN)).token as string;
  const made = await ok('POST', '/incidents', {
    title: 'Payment webhooks rejected with 401',
    urgency: 'P3',
    urgencyReason: 'test',
  });
  solved = made.number;
  await ok('POST', `/incidents/${solved}/notes`, {
    text: 'The provider rotated their signing secret overnight',
  });
  await ok('POST', `/incidents/${solved}/status`, { status: 'investigating' });
  await ok('POST', `/incidents/${solved}/status`, { status: 'resolved', summary: FIX });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the Knowledge page finds a note of a resolved incident, on a phone', { skip }, async () => {
  const { page, errors, context } = await signedInPage(browser, server.url, ADMIN, {
    viewport: { width: 390, height: 844 },
  });
  await page.goto(`${server.url}/knowledge?q=${encodeURIComponent('"secret overnight"')}`);
  const result = page
    .getByRole('article')
    .filter({ hasText: `#${solved} Payment webhooks rejected with 401` });
  await result.waitFor();
  assert.match(await result.innerText(), new RegExp(`What fixed it:\\s*${FIX}`));
  assert.match(await result.innerText(), /Found in a note/);
  assert.equal(await overflow(page), 0, 'the Knowledge page fits a phone');
  await noViolations(page, '/knowledge on a phone');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test(
  'declaring a look-alike suggests the past incident with its fix; its room shows it too',
  { skip },
  async () => {
    const { page, errors, context } = await signedInPage(browser, server.url, ADMIN);
    await page.goto(`${server.url}/incidents`);
    await page
      .getByRole('button', { name: /Declare/ })
      .first()
      .click();
    await page.getByLabel('What is wrong?').fill('Payment webhooks rejected again');
    const suggested = page.getByRole('region', { name: 'Seen this before?' });
    await suggested.waitFor();
    assert.match(await suggested.innerText(), new RegExp(`#${solved} Payment webhooks rejected with 401`));
    assert.match(await suggested.innerText(), new RegExp(FIX));
    await noViolations(page, 'declare with a suggestion');
    const made = await ok('POST', '/incidents', {
      title: 'Payment webhooks rejected again',
      urgency: 'P3',
      urgencyReason: 'test',
    });
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/incidents/${made.number}`);
    const panel = page.getByRole('region', { name: 'Seen this before?' });
    await panel.waitFor();
    assert.match(await panel.innerText(), new RegExp(FIX));
    await noViolations(page, 'the room with seen-before');
    assert.deepEqual(unexpected(errors), []);
    await context.close();
  },
);

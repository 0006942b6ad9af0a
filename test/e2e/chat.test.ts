/**
 * Chat in a real browser against a real server and the Slack stand-in: an admin sees Slack
 * configured and sets the broadcast and deployments channels on the Chat page; a declared expedite
 * incident reaches the broadcast channel by itself (the server's listener and worker); in the room
 * a responder opens the incident's Slack channel and marks it as affecting deployments. The pages
 * fit a phone and have no serious accessibility violations.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakeSlack, type FakeSlack } from '../helpers/fakes/slack.ts';
import {
  browserSkipReason,
  launchBrowser,
  signIn,
  newPage,
  startWebServer,
  type WebServer,
} from './browser.ts';
import { noViolations, overflow, unexpected, until } from './kit.ts';

const skip = browserSkipReason();
let server: WebServer;
let browser: Browser;
let slack: FakeSlack;
before(async () => {
  if (skip) return;
  slack = await startFakeSlack();
  slack.workspace.addChannel('expedite');
  slack.workspace.addChannel('deployments');
  [server, browser] = await Promise.all([
    startWebServer({ env: { EXPEDITE_SLACK_TOKEN: slack.token, EXPEDITE_SLACK_API_URL: slack.apiUrl } }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await slack?.close();
});

test(
  'an admin sets the channels; an expedite incident is broadcast; the room opens its channel',
  { skip },
  async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page, errors } = await newPage(context);
    await signIn(page, server.url);
    await page.goto(`${server.url}/admin/chat`);
    await page.getByRole('heading', { name: 'Chat', exact: true }).waitFor();
    await page.getByText('Slack: configured').waitFor();
    await page.getByText('Slack app: not configured').waitFor();

    await page.getByRole('textbox', { name: /^Broadcast channel/ }).fill('Big Room');
    await page.getByRole('button', { name: 'Save chat settings' }).click();
    await page.getByText(/a channel name like #expedite/).waitFor();
    await page.getByRole('textbox', { name: /^Broadcast channel/ }).fill('#expedite');
    await page.getByRole('textbox', { name: /^Deployments channel/ }).fill('#deployments');
    await page.getByRole('button', { name: 'Save chat settings' }).click();
    await page.getByText('Chat settings saved.').waitFor();
    assert.equal(await overflow(page), 0, 'the chat page fits a phone');
    await noViolations(page, 'the chat settings page');

    const declared = await page.request.post(`${server.url}/api/v1/incidents`, {
      headers: { origin: server.url },
      data: {
        title: 'Checkout rejects every card',
        urgency: 'P2',
        urgencyReason: 'sales',
        takeOwnership: true,
      },
    });
    assert.equal(declared.status(), 201);
    const incident = (await declared.json()) as { number: number };
    const broadcast = slack.workspace.byName('expedite')!;
    await until(async () => slack.messages.some((m) => m.channel === broadcast.id), 15_000);

    await page.goto(`${server.url}/incidents/${incident.number}`);
    await page.getByRole('button', { name: 'Open a Slack channel' }).click();
    await page.getByText(`#inc-${incident.number}-checkout-rejects-every-card`).waitFor();
    // The switch shows the server's answer: it turns on once the flag is saved.
    const flag = page.getByRole('switch', { name: 'Affects deployments' });
    await flag.click();
    await until(() => flag.isChecked());
    const deployments = slack.workspace.byName('deployments')!;
    await until(async () => slack.messages.some((m) => m.channel === deployments.id), 15_000);
    assert.equal(await overflow(page), 0, 'the room fits a phone');
    await noViolations(page, 'the incident room with its chat');
    assert.deepEqual(unexpected(errors, 400), []);
    assert.deepEqual(slack.violations, []);
    await context.close();
  },
);

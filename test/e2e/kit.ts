/**
 * Small helpers the browser tests share: the API with a bearer token, waiting for a condition,
 * axe once animations settle, sideways overflow, a signed-in page in its own context.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { accessibilityViolations, newPage } from './browser.ts';

/** Calls the API of the server at `baseUrl` with a bearer token; returns status and JSON body. */
export async function callApi(baseUrl: string, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v1${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Like `callApi`, but the answer must be a success; returns its body. */
export async function okApi(baseUrl: string, token: string, method: string, url: string, body?: unknown) {
  const res = await callApi(baseUrl, token, method, url, body);
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Waits until `check` holds. */
export async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** No serious accessibility violations, checked once animations end (half-faded text is low contrast to axe). */
export async function noViolations(page: Page, where: string) {
  await until(() =>
    page.evaluate(() => {
      const g = globalThis as any;
      return (g.document.getAnimations() as { playState: string }[]).every((a) => a.playState !== 'running');
    }),
  );
  assert.deepEqual(await accessibilityViolations(page), [], `axe on ${where}`);
}

/** How far the page is wider than the screen (0 when it fits). */
export function overflow(page: Page) {
  return page.evaluate(() => {
    const g = globalThis as any;
    return (g.document.documentElement.scrollWidth as number) - (g.innerWidth as number);
  });
}

/** A page in its own browser context, signed in as `who` on the server at `baseUrl`. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: { email: string; password: string },
  options: BrowserContextOptions = {},
) {
  const context = await browser.newContext(options);
  const res = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { email: who.email, password: who.password },
  });
  assert.equal(res.status(), 200);
  return { context, ...(await newPage(context)) };
}

/** Console errors except the failed requests a test provokes on purpose. */
export function unexpected(errors: string[], ...statuses: number[]): string[] {
  return errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));
}

/** Small helpers for the signals integration tests: make integrations, post, read alerts back. */
import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';

export interface Created {
  integration: { id: string };
  key: string;
  url: string;
  pagerDutyUrl: string;
}

/** Creates an integration as admin; asserts 201. */
export async function createIntegration(t: TestApp, body: Record<string, unknown>): Promise<Created> {
  const res = await t.call('admin', { method: 'POST', url: '/api/v1/integrations', payload: body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as Created;
}

/** The alerts of an integration, most recently seen first. */
export async function alertsOf(t: TestApp, integrationId: string) {
  const res = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${integrationId}/alerts?limit=500`,
  });
  assert.equal(res.status, 200);
  return res.body.items as {
    id: string;
    dedupKey: string;
    status: string;
    eventCount: number;
    incidentId: string | null;
  }[];
}

/** The refused deliveries of an integration, newest first. */
export async function refusedOf(t: TestApp, integrationId: string) {
  const res = await t.call('admin', {
    method: 'GET',
    url: `/api/v1/integrations/${integrationId}/deliveries?refused=true`,
  });
  assert.equal(res.status, 200);
  return res.body.items as { outcome: string; error: string; body: string }[];
}

/** Posts raw text (exact bytes) to `url` anonymously. */
export function postRaw(
  t: TestApp,
  url: string,
  body: string,
  headers: Record<string, string> = {},
  method: 'POST' | 'PUT' = 'POST',
) {
  return t.call(null, {
    method,
    url,
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

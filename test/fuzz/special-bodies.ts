/**
 * Bodies of the routes that do not take plain JSON, right in part of the runs: signal webhooks
 * (each integration type's sample payload, Sentry and Standard Webhooks signatures), the
 * PagerDuty-compatible endpoint, Twilio's signed form posts, and multipart uploads.
 */
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { signStandardWebhook } from '../../src/signing/standard-webhooks.ts';
import { twilioSignature } from '../../src/notify/twilio.ts';
import { deepJson, hostileKey, hostileValue, jsonText, replaceNode } from './hostile.ts';

/** An integration made for the run, with its key and signing secret. */
export interface KnownIntegration {
  key: string;
  type: string;
  secret: string | null;
}

/** A body and the headers that go with it. */
export interface Body {
  payload?: string | Buffer;
  headers: Record<string, string>;
}

const fixturesDir = path.join(import.meta.dirname, '../../src/signals/integrations/fixtures');

/** The vendors' sample payloads, by integration type (the file name's first word). */
export function samplePayloads(): Record<string, unknown[]> {
  const byType: Record<string, unknown[]> = {};
  for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.json'))) {
    const type = file.split('-')[0]!;
    (byType[type] ??= []).push(JSON.parse(readFileSync(path.join(fixturesDir, file), 'utf8')));
  }
  return byType;
}

/** A sample, as is or with one node replaced by a hostile value. */
function sampleText(samples: unknown[], extra: Record<string, unknown> = {}): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(samples.length - 1), fc.option(fc.tuple(fc.nat(), hostileValue()), { freq: 2 }))
    .map(([i, change]) => {
      const sample = { ...(samples[i] as object), ...extra };
      return jsonText(change ? replaceNode(sample, change[0], change[1]) : sample);
    });
}

const sentryResources = [
  'issue',
  'event_alert',
  'error',
  'metric_alert',
  'installation',
  '',
  'x'.repeat(300),
];

/** What a webhook for `integration` carries: its type's sample, signed when it has a secret. */
export function hookBody(integration: KnownIntegration, samples: Record<string, unknown[]>, nowMs: number) {
  const ownSamples = samples[integration.type] ?? samples.generic!;
  return fc
    .tuple(sampleText(ownSamples), fc.boolean(), fc.constantFrom(...sentryResources), fc.nat(3))
    .map(([text, sign, resource, skew]): Body => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (integration.type === 'sentry') {
        headers['sentry-hook-resource'] = resource;
        if (sign && integration.secret)
          headers['sentry-hook-signature'] = createHmac('sha256', integration.secret)
            .update(text)
            .digest('hex');
      }
      if (integration.type === 'generic' && integration.secret && sign) {
        const id = `msg_${nowMs}_${skew}`;
        const seconds = Math.floor(nowMs / 1000) + (skew === 3 ? 10_000 : 0);
        headers['webhook-id'] = id;
        headers['webhook-timestamp'] = String(seconds);
        headers['webhook-signature'] = signStandardWebhook(integration.secret, id, seconds, text);
      }
      return { payload: text, headers };
    });
}

/** A PagerDuty Events v2 body for `/v2/enqueue` routed to `key` (or a broken routing key). */
export function enqueueBody(routingKey: fc.Arbitrary<unknown>, samples: Record<string, unknown[]>) {
  return routingKey.chain((key) =>
    sampleText(samples.pagerduty!, { routing_key: key }).map((text): Body => ({
      payload: text,
      headers: { 'content-type': 'application/json' },
    })),
  );
}

/** Twilio's form fields, signed for `url` with `authToken` in part of the runs. */
export function twilioForm(publicUrl: string, url: string, authToken: string) {
  const field = fc.oneof(
    fc.constantFrom('ACK', 'ack 1', 'OK #99999999999999999999', '1', 'failed', 'undelivered', '+15005550006'),
    fc.string({ maxLength: 30 }),
    fc.constant('x'.repeat(50_000)),
  );
  const fields = fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'From',
        'Body',
        'MessageSid',
        'MessageStatus',
        'CallSid',
        'CallStatus',
        'ErrorCode',
        'Digits',
      ),
      hostileKey(),
    ),
    field,
    { maxKeys: 6 },
  );
  return fc.tuple(fields, fc.boolean()).map(([params, sign]): Body => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (sign) headers['x-twilio-signature'] = twilioSignature(authToken, `${publicUrl}${url}`, params);
    return { payload: new URLSearchParams(params).toString(), headers };
  });
}

const boundary = 'fuzzboundary7MA4YWxkTrZu0gW';

function part(name: string, filename: string | null, content: Buffer | string): Buffer {
  const disposition = `form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}`;
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
}

const harSample = JSON.stringify({
  log: {
    version: '1.2',
    creator: { name: 'fuzz', version: '1' },
    entries: [
      {
        startedDateTime: '2026-03-01T09:00:00.000Z',
        time: 12,
        request: {
          method: 'GET',
          url: 'https://example.com/?token=x',
          headers: [{ name: 'Cookie', value: 'a=b' }],
        },
        response: { status: 500, statusText: 'x', headers: [], content: { size: 0, mimeType: 'text/plain' } },
        timings: { wait: 10 },
      },
    ],
  },
});

/** A multipart upload: a file (a HAR, broken JSON, bytes) in `file` or elsewhere, or broken framing. */
export function multipartBody(): fc.Arbitrary<Body> {
  const content = fc.oneof(
    fc.constant(harSample),
    fc.tuple(fc.nat(), hostileValue()).map(([i, v]) => jsonText(replaceNode(JSON.parse(harSample), i, v))),
    deepJson().map((r) => `{"log":${r.text}}`),
    fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)])),
    fc.constant(''),
  );
  const filename = fc.constantFrom(
    'capture.har',
    'data.json',
    'shot.png',
    '',
    '../../etc/passwd',
    'x'.repeat(500),
    'a"b\r\n.har',
  );
  return fc
    .tuple(fc.constantFrom('file', 'file', 'other', ''), filename, content, fc.nat(4))
    .map(([field, name, data, framing]): Body => {
      const body = Buffer.concat([part(field, name, data), Buffer.from(`--${boundary}--\r\n`)]);
      const contentType = `multipart/form-data; boundary=${boundary}`;
      if (framing === 0)
        return {
          payload: body.subarray(0, Math.floor(body.length / 2)),
          headers: { 'content-type': contentType },
        };
      if (framing === 1) return { payload: body, headers: { 'content-type': 'multipart/form-data' } };
      if (framing === 3)
        return {
          payload: body,
          headers: { 'content-type': `multipart/form-data; boundary=${'b'.repeat(300)}` },
        };
      if (framing === 2)
        return { payload: part('file', 'x.har', harSample), headers: { 'content-type': contentType } };
      return { payload: body, headers: { 'content-type': contentType } };
    });
}

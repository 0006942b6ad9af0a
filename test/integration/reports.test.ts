/**
 * Support reports through the HTTP API: uploads (sniffed type, size limit, HAR parsed and redacted
 * before storage, served only to signed-in people as attachments), a report opening an incident
 * with its reporter as origin, a report attaching to an open one, and similar-incident suggestions.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const har = readFileSync(path.join(import.meta.dirname, '../../src/reports/fixtures/chrome-session.har'));
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
  'hex',
);

function multipart(filename: string, content: Buffer, type = 'application/octet-stream') {
  const boundary = `----expedite${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (filename: string, content: Buffer, type?: string) =>
  t.call('support', { method: 'POST', url: '/api/v1/uploads', ...multipart(filename, content, type) });

function storedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const checklist = { procedureVerified: true, cacheCleared: true, incognito: true, otherBrowser: false };

test('a HAR upload is summarised and stored redacted; no secret reaches the disk', async () => {
  const res = await upload('session.har', har, 'application/json');
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.kind, 'har');
  assert.equal(res.body.contentType, 'application/json');
  const s = res.body.harSummary;
  assert.ok(s.failing.length >= 1 && s.redactions > 0);
  assert.ok(s.failing.some((l: { status: number; error: string | null }) => l.status >= 500 || l.error));
  const dir = t.app.deps.config.uploadsDir;
  for (const file of storedFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const secret of [
      'ya29.a0AfH6SMBxURLACCESSTOKEN7q',
      'sess_9f8e7d6c5b4a39281706',
      'sk_live_51HxAPIKEYvalue0001',
    ])
      assert.ok(!text.includes(secret), `${secret} stored in ${file}`);
  }
  const download = await t.call('stakeholder', { method: 'GET', url: res.body.url });
  assert.equal(download.status, 200);
  assert.match(
    String(download.headers['content-disposition']),
    /^attachment; filename\*=UTF-8''session\.har$/,
  );
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.equal((await t.call(null, { method: 'GET', url: res.body.url })).status, 401);
});

test('uploads are typed by their content, not their name; junk HAR is a 400 with the reason', async () => {
  const png = await upload('screenshot.gif', PNG, 'image/gif');
  assert.equal(png.status, 201);
  assert.equal(png.body.contentType, 'image/png');
  assert.equal(png.body.kind, 'image');
  const svg = await upload(
    'x.svg',
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    'image/svg+xml',
  );
  assert.equal(svg.body.contentType, 'text/plain; charset=utf-8');
  const junk = await upload('broken.har', Buffer.from('{"log": 12}'));
  assert.equal(junk.status, 400);
  assert.match(junk.body.error.message, /HAR|log/);
  const notMultipart = await t.call('support', {
    method: 'POST',
    url: '/api/v1/uploads',
    payload: { file: 'x' },
  });
  assert.equal(notMultipart.status, 415);
  const stakeholder = await t.call('stakeholder', {
    method: 'POST',
    url: '/api/v1/uploads',
    ...multipart('a.png', PNG),
  });
  assert.equal(stakeholder.status, 403);
  const before = storedFiles(t.app.deps.config.uploadsDir).length;
  const big = await upload('big.bin', Buffer.alloc(t.app.deps.config.uploadLimit + 10, 1));
  assert.equal(big.status, 413);
  assert.equal(storedFiles(t.app.deps.config.uploadsDir).length, before, 'nothing left behind');
});

test('a report opens an incident with the reporter as origin; the next one attaches to it', async () => {
  const harUpload = await upload('session.har', har);
  const shot = await upload('shot.png', PNG);
  const filed = await t.call('support', {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      whatHappens: 'Clicking on user details gives an error page',
      steps: '1. Open Users\n2. Click any user',
      affectedUsers: ['u-1842', 'u-77'],
      checklist,
      recordingUrl: 'https://replay.example.com/s/abc',
      attachments: [harUpload.body.id, shot.body.id],
      classification: { scope: 'ADMINS', criticality: 'FBLOCK', area: 'FE' },
    },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  assert.equal(filed.body.opened, true);
  const incident = filed.body.incident;
  assert.equal(incident.tagline, 'ADMINS-FBLOCK-FE: Clicking on user details gives an error page');
  assert.equal(incident.urgency, 'P3');
  assert.deepEqual(incident.origin, {
    kind: 'report',
    reportId: filed.body.report.id,
    reporter: { id: t.users.support.id, name: 'Support', email: 'support@example.com' },
  });
  assert.equal(filed.body.report.attachments.length, 2);
  assert.ok(filed.body.report.attachments[0].harSummary);

  const again = await t.call('support', {
    method: 'POST',
    url: '/api/v1/reports',
    payload: { attachments: [shot.body.id], whatHappens: 'x', checklist },
  });
  assert.equal(again.status, 400, 'an upload attaches to one report only');
  assert.equal(again.body.error.details[0].field, 'body.attachments.0');

  const similar = await t.call('support', {
    method: 'GET',
    url: '/api/v1/reports/similar?text=error when opening user details',
  });
  assert.equal(similar.status, 200);
  assert.equal(similar.body.items[0].id, incident.id);

  const second = await t.call('support', {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      incident: `#${incident.number}`,
      whatHappens: 'Same for another admin',
      affectedUsers: ['u-9'],
      checklist,
    },
  });
  assert.equal(second.status, 201);
  assert.equal(second.body.opened, false);
  const reports = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${incident.id}/reports`,
  });
  assert.equal(reports.body.items.length, 2);
  const timeline = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${incident.id}/timeline`,
  });
  assert.deepEqual(
    timeline.body.items.map((e: { kind: string }) => e.kind),
    ['declared', 'report', 'report'],
  );

  const missing = await t.call('support', { method: 'POST', url: '/api/v1/reports', payload: { checklist } });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.details[0].field, 'body.whatHappens');
  assert.ok(statSync(t.app.deps.config.uploadsDir).isDirectory());
});

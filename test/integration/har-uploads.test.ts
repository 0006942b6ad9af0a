/**
 * HAR uploads are found and redacted by their content: whatever the file name, declared type or
 * text encoding, no credential reaches the disk; a file that claims to be a HAR but cannot be
 * read is refused with the reason; uploads are streamed and an oversized entry is refused (413).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../src/reports/fixtures', name));
const chrome = fixture('chrome-session.har');
const creds = fixture('credentials.har');

/** Credentials planted in the two fixtures (a sample of each kind). */
const secrets = [
  'sess_9f8e7d6c5b4a39281706', // cookie
  'eUeds-355JOnsjFfkRKgPBAumoe7m6B2g528z0e2IfE', // bearer JWT signature
  'Hunter2!json', // password in a JSON body
  'sk_live_51HxAPIKEYvalue0001', // X-Api-Key
  'YWRhOkJhc2ljUGFzc3dvcmQx', // Basic in an unnamed header
  'UrlPass-1122', // user:password@ in request.url
  'RefPass-3344', // ... in Referer
  'LocPass-5566', // ... in Location and redirectURL
  'correct-horse-9911', // passphrase
  '739104', // pin
  'ak_live_5566aabb', // api_key
  'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', // aws_secret_access_key
  '9fQ2xL7pR4tK8wZ1mN6bV3cY5hJ0dS2aE7gU', // token-like path segment
];

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

function multipart(filename: string, content: Buffer, type: string) {
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

const upload = (filename: string, content: Buffer, type = 'application/octet-stream') =>
  t.call('support', { method: 'POST', url: '/api/v1/uploads', ...multipart(filename, content, type) });

/** Every file under the uploads directory, temporary ones included, with its bytes. */
function filesOnDisk(): { file: string; bytes: Buffer }[] {
  const dir = t.app.deps.config.uploadsDir;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file, bytes: readFileSync(file) }));
}

/** No planted secret in any file on disk, in UTF-8 or UTF-16 (LE or BE). */
function assertNoSecretOnDisk() {
  for (const { file, bytes } of filesOnDisk())
    for (const secret of secrets)
      for (const form of [Buffer.from(secret), Buffer.from(secret, 'utf16le'), utf16be(secret)])
        assert.ok(!bytes.includes(form), `${secret} stored in ${file}`);
}

test('a HAR named network-log.txt, declared text/plain, is read and stored redacted', async () => {
  for (const [name, bytes] of [
    ['network-log.txt', creds],
    ['evidence', chrome],
  ] as const) {
    const res = await upload(name, bytes, 'text/plain');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.kind, 'har');
    assert.equal(res.body.contentType, 'application/json');
    assert.equal(res.body.filename, name);
    assert.ok(res.body.harSummary.redactions > 10, String(res.body.harSummary.redactions));
    const download = await t.call('support', { method: 'GET', url: res.body.url });
    assert.equal(download.status, 200);
    assert.equal(download.body.log.entries.length, res.body.harSummary.entries);
  }
  assertNoSecretOnDisk();
});

test('UTF-16 LE and BE (with or without a BOM) and UTF-8 with a BOM are read and redacted', async () => {
  const text = creds.toString('utf8');
  const forms: [string, Buffer][] = [
    ['le-bom.har', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['le.txt', Buffer.from(text, 'utf16le')],
    ['be-bom.log', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
    ['be', utf16be(text)],
    ['utf8-bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), creds])],
  ];
  for (const [name, bytes] of forms) {
    const res = await upload(name, bytes);
    assert.equal(res.status, 201, `${name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.kind, 'har', name);
    assert.equal(res.body.harSummary.entries, 8, name);
    assert.deepEqual(
      res.body.harSummary.failing.map((l: { status: number }) => l.status),
      [500, 403],
      name,
    );
  }
  assertNoSecretOnDisk();
});

test('a file claiming to be a HAR that cannot be read is refused with the reason, not stored', async () => {
  const before = filesOnDisk().length;
  const text = creds.toString('utf8');
  const cases: [string, Buffer, string, RegExp][] = [
    [
      'capture.har',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      'image/png',
      /UTF-8 or UTF-16/,
    ],
    ['capture.bin', Buffer.from('{"log": 12}'), 'application/har+json', /log is missing/],
    ['network-log.txt', Buffer.from(text.slice(0, 5000)), 'text/plain', /not valid JSON/],
    ['le.txt', Buffer.from(text.slice(0, 5000), 'utf16le'), 'text/plain', /not valid JSON/],
    ['empty.har', Buffer.alloc(0), 'application/json', /empty/],
  ];
  for (const [name, bytes, type, reason] of cases) {
    const res = await upload(name, bytes, type);
    assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.body)}`);
    assert.match(res.body.error.message, reason, name);
  }
  assert.equal(filesOnDisk().length, before, 'nothing stored, no temporary file left');
  assertNoSecretOnDisk();
});

test('JSON and text that are not HARs are stored as they came', async () => {
  const json = Buffer.from('{"settings":{"theme":"dark"},"items":[1,2,3]}');
  const res = await upload('settings.txt', json, 'text/plain');
  assert.equal(res.status, 201);
  assert.equal(res.body.kind, 'other');
  assert.equal(res.body.harSummary, null);
  const download = await t.call('support', { method: 'GET', url: res.body.url });
  assert.equal(res.body.contentType, 'text/plain; charset=utf-8');
  assert.deepEqual(download.body, { settings: { theme: 'dark' }, items: [1, 2, 3] });
  const broken = await upload('notes.txt', Buffer.from('{ not json at all'), 'text/plain');
  assert.equal(broken.status, 201);
  assert.equal(broken.body.contentType, 'text/plain; charset=utf-8');
});

test('a HAR entry over 16 MB is refused with 413 and a clear message; nothing is left behind', async () => {
  const before = filesOnDisk().length;
  const body = 'x'.repeat(17 * 1024 * 1024);
  const har = JSON.stringify({
    log: {
      entries: [
        {
          request: { method: 'GET', url: 'https://x.example/bundle.js' },
          response: { status: 200, content: { mimeType: 'text/javascript', text: body } },
        },
      ],
    },
  });
  const res = await upload('big.har', Buffer.from(har));
  assert.equal(res.status, 413);
  assert.equal(
    res.body.error.message,
    'HAR file: an entry is larger than 16 MB, too large to redact safely; remove large response bodies and upload again',
  );
  assert.equal(filesOnDisk().length, before);
});

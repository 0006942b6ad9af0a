/**
 * Reading a HAR in pieces: any text encoding, output produced while the input still arrives, and
 * memory bounded by the largest entry (a larger one is refused with 413 as soon as it is seen).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HarError, HarReader, parseHar } from './har.ts';

const chrome = readFileSync(new URL('./fixtures/chrome-session.har', import.meta.url));
const creds = readFileSync(new URL('./fixtures/credentials.har', import.meta.url));

/** Text in UTF-16 big-endian (Node has only the little-endian encoder). */
function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

/** Feeds `bytes` to a reader in pieces of `size` bytes; returns the output and summary. */
function readInPieces(bytes: Buffer, size: number) {
  const reader = new HarReader();
  let out = '';
  for (let i = 0; i < bytes.length; i += size) out += reader.push(bytes.subarray(i, i + size));
  const { text, summary } = reader.finish();
  return { redacted: JSON.parse(out + text), summary };
}

test('UTF-8 with a BOM and UTF-16 LE/BE, with or without a BOM, read like UTF-8', () => {
  for (const fixture of [chrome, creds]) {
    const text = fixture.toString('utf8');
    const expected = parseHar(fixture);
    const encodings: [string, Buffer][] = [
      ['utf-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture])],
      ['utf-16le BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf-16le', Buffer.from(text, 'utf16le')],
      ['utf-16be BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
      ['utf-16be', utf16be(text)],
    ];
    for (const [name, bytes] of encodings) {
      // Odd piece sizes cut characters (and UTF-16 code units) in half.
      for (const size of [1, 7, 4093, bytes.length]) {
        const got = readInPieces(bytes, size);
        assert.deepEqual(got.redacted, expected.redacted, `${name} in pieces of ${size}`);
        assert.deepEqual(got.summary, expected.summary, `${name} in pieces of ${size}`);
      }
    }
  }
});

test('text that is not UTF-8 or UTF-16 is refused with the reason', () => {
  const bad = [
    Buffer.from([0x7b, 0x22, 0xc3, 0x28]),
    Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x00, 0xd8, 0x7d, 0x00]),
  ];
  for (const bytes of bad)
    assert.throws(
      () => parseHar(bytes),
      (err: unknown) => err instanceof HarError && /not UTF-8 or UTF-16 text/.test(err.message),
    );
});

test('redacted entries come out while the file is still being read', () => {
  const entries = Array.from({ length: 50 }, (_, i) => ({
    request: { method: 'GET', url: `https://x.example/${i}?access_token=tok-${i}-secret` },
    response: { status: 200 },
  }));
  const bytes = Buffer.from(JSON.stringify({ log: { version: '1.2', entries } }));
  const reader = new HarReader();
  const half = reader.push(bytes.subarray(0, bytes.length / 2));
  assert.match(half, /^\{"log":\{"version":"1\.2","entries":\[\{"request"/);
  assert.ok(half.includes('https://x.example/20?access_token=[redacted]'), 'the first half is already out');
  assert.ok(!half.includes('-secret'));
  const rest = reader.push(bytes.subarray(bytes.length / 2));
  const { text, summary } = reader.finish();
  assert.equal(summary.entries, 50);
  assert.equal(JSON.parse(half + rest + text).log.entries.length, 50);
});

test('an entry larger than the cap is refused with 413 as soon as the cap is crossed', () => {
  const body = 'x'.repeat(64 * 1024);
  const big = {
    request: { url: 'https://x.example/' },
    response: { content: { mimeType: 'text/plain', text: body } },
  };
  const bytes = Buffer.from(JSON.stringify({ log: { entries: [big, big, big] } }));
  const reader = new HarReader({ maxValueBytes: 32 * 1024 });
  let fed = 0;
  assert.throws(
    () => {
      for (; fed < bytes.length; fed += 1024) reader.push(bytes.subarray(fed, fed + 1024));
    },
    (err: unknown) =>
      err instanceof HarError &&
      err.status === 413 &&
      err.message ===
        'HAR file: an entry is larger than 32 KB, too large to redact safely; remove large response bodies and upload again',
  );
  assert.ok(fed < 40 * 1024, `refused after ${fed} bytes, not at the end of the entry`);
  const fits = parseHar(bytes, { maxValueBytes: 100 * 1024 });
  assert.equal(fits.summary.entries, 3);
});

test('a huge value outside the entries is capped too, and the message names it', () => {
  const bytes = JSON.stringify({ log: { entries: [], pages: [{ title: 'y'.repeat(3 * 1024 * 1024) }] } });
  assert.throws(
    () => parseHar(bytes, { maxValueBytes: 2 * 1024 * 1024 }),
    (err: unknown) =>
      err instanceof HarError && err.status === 413 && /"pages" is larger than 2 MB/.test(err.message),
  );
});

test('the structure around entries is checked like JSON.parse would', () => {
  const cases: [string, RegExp][] = [
    ['{"log":{"entries":[{},]}}', /not valid JSON/],
    ['{"log":{"entries":[,{}]}}', /not valid JSON/],
    ['{"log":{"entries":[]},}', /not valid JSON/],
    ['{"log":{"entries":[]}} x', /not valid JSON/],
    ['{"log":{"entries":[]} "a":1}', /not valid JSON/],
    ['{"log" {"entries":[]}}', /not valid JSON/],
    ['{log:{"entries":[]}}', /not valid JSON/],
    ['{"log":{"entries":[tru]}}', /not valid JSON/],
    ['{"log":{"entries":[]},"log":{"entries":[]}}', /more than one "log"/],
    ['{"log":{"entries":[],"entries":[]}}', /more than one "log.entries"/],
    [`{"log":{"entries":[${'1'.repeat(600)}]}}`, /not valid JSON/],
  ];
  for (const [input, message] of cases)
    assert.throws(
      () => parseHar(input),
      (err: unknown) => err instanceof HarError && message.test(err.message),
      input,
    );
  const ok = parseHar(
    '{"before":1,"log":{"x":[1,{"a":"b"}],"entries":[1,"s",null],"pages":[]},"after":{"k":[]}}',
  );
  assert.deepEqual(ok.redacted, {
    before: 1,
    log: { x: [1, { a: 'b' }], entries: [1, 's', null], pages: [] },
    after: { k: [] },
  });
  assert.equal(ok.summary.entries, 3);
  assert.equal(parseHar('{"log":{"entries":[],"n":-1.5e3,"t":true,"f":false,"z":null}}').summary.entries, 0);
  assert.equal(parseHar('{"log":{"entries":[{"k\\"ey":"a\\\\"}]}}').summary.entries, 1);
});

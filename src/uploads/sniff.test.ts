import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectEncoding, sniffContentType, startsLikeJsonObject } from './sniff.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const withTail = (head: Buffer) => Buffer.concat([head, Buffer.alloc(64, 0x00)]);

// A 1×1 PNG, as written by image tools.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const jpeg = withTail(hex('ffd8ffe0 0010 4a46494600 0101 0000 0100 0100 0000'));
const gif = Buffer.concat([Buffer.from('GIF89a'), hex('0100 0100 8000 00ff ffff 0000 00 2c')]);
const webp = Buffer.concat([Buffer.from('RIFF'), hex('24000000'), Buffer.from('WEBPVP8 '), hex('18000000')]);
const ftyp = (brand: string) =>
  withTail(
    Buffer.concat([
      hex('00000020'),
      Buffer.from(`ftyp${brand}`),
      hex('00000200'),
      Buffer.from(`${brand}isom`),
    ]),
  );
// EBML header with DocType "webm" / "matroska" (element 0x4282).
const ebml = (docType: string) =>
  Buffer.concat([
    hex('1a45dfa3 9f 4286 81 01 42f7 81 01 42f2 81 04 42f3 81 08 4282'),
    Buffer.from([0x80 | docType.length]),
    Buffer.from(docType),
  ]);
const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');

test('images by magic bytes, whatever the name says', () => {
  assert.deepEqual(sniffContentType(png, 'shot.jpg'), { contentType: 'image/png', kind: 'image' });
  assert.deepEqual(sniffContentType(jpeg, 'photo.png'), { contentType: 'image/jpeg', kind: 'image' });
  assert.deepEqual(sniffContentType(gif, 'x'), { contentType: 'image/gif', kind: 'image' });
  assert.deepEqual(sniffContentType(webp, 'x.bin'), { contentType: 'image/webp', kind: 'image' });
  assert.deepEqual(sniffContentType(ftyp('avif'), 'x'), { contentType: 'image/avif', kind: 'image' });
  assert.deepEqual(sniffContentType(ftyp('heic'), 'x'), { contentType: 'image/heic', kind: 'image' });
});

test('videos: MP4 and MOV by their ftyp box, WebM and Matroska by EBML', () => {
  assert.deepEqual(sniffContentType(ftyp('isom'), 'screen.mov'), { contentType: 'video/mp4', kind: 'video' });
  assert.deepEqual(sniffContentType(ftyp('mp42'), 'a'), { contentType: 'video/mp4', kind: 'video' });
  assert.deepEqual(sniffContentType(ftyp('qt  '), 'screen.mp4'), {
    contentType: 'video/quicktime',
    kind: 'video',
  });
  assert.deepEqual(sniffContentType(ebml('webm'), 'rec.mkv'), { contentType: 'video/webm', kind: 'video' });
  assert.deepEqual(sniffContentType(ebml('matroska'), 'rec.webm'), {
    contentType: 'video/x-matroska',
    kind: 'video',
  });
});

test('PDF is a download, not an image', () => {
  assert.deepEqual(sniffContentType(pdf, 'report.pdf'), { contentType: 'application/pdf', kind: 'other' });
});

test('HAR and JSON', () => {
  const harText = Buffer.from('\uFEFF  {\n  "log": {\n    "version": "1.2",\n    "creator": {');
  assert.deepEqual(sniffContentType(harText, 'capture.txt'), {
    contentType: 'application/json',
    kind: 'har',
  });
  const other = Buffer.from('{"version":"1.2","log":{"entries":[]}}');
  assert.deepEqual(sniffContentType(other, 'app.example.com.har'), {
    contentType: 'application/json',
    kind: 'har',
  });
  assert.deepEqual(sniffContentType(other, 'DATA.JSON'), { contentType: 'application/json', kind: 'other' });
  assert.deepEqual(sniffContentType(other, 'notes.txt'), {
    contentType: 'text/plain; charset=utf-8',
    kind: 'other',
  });
  assert.deepEqual(sniffContentType(Buffer.from('[1,2]'), 'a.har'), {
    contentType: 'text/plain; charset=utf-8',
    kind: 'other',
  });
});

test('SVG and HTML are never served as markup', () => {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
  );
  const html = Buffer.from(
    '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>',
  );
  const xml = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>');
  for (const [buf, name] of [
    [svg, 'logo.svg'],
    [html, 'page.html'],
    [xml, 'x.svg'],
    [html, 'shot.png'],
  ] as const) {
    const sniffed = sniffContentType(buf, name);
    assert.deepEqual(sniffed, { contentType: 'text/plain; charset=utf-8', kind: 'other' }, name);
  }
});

test('text is UTF-8 without NULs; a character cut at the end of the head is fine', () => {
  assert.equal(
    sniffContentType(Buffer.from('console log: héllo ✓\n'), 'log.txt').contentType,
    'text/plain; charset=utf-8',
  );
  const cut = Buffer.from('ok ✓').subarray(0, 4); // "ok " + first byte of ✓
  assert.equal(sniffContentType(cut, 'a').contentType, 'text/plain; charset=utf-8');
  assert.equal(sniffContentType(Buffer.from('a\u0000b'), 'a.txt').contentType, 'application/octet-stream');
  assert.equal(sniffContentType(hex('c328'), 'a.txt').contentType, 'application/octet-stream');
  assert.equal(sniffContentType(Buffer.alloc(0), 'empty.txt').contentType, 'application/octet-stream');
});

test('unknown binary and truncated magic are octet-stream', () => {
  for (const buf of [
    hex('00010203fffefd'),
    hex('89504e47'),
    hex('0000002066747970'),
    Buffer.from('RIFF\0\0\0\0WAVE'),
  ])
    assert.deepEqual(sniffContentType(buf, 'x.png'), {
      contentType: 'application/octet-stream',
      kind: 'other',
    });
});

test('detectEncoding: byte order marks, and NULs beside ASCII for UTF-16 without one', () => {
  const cases: [number[], string][] = [
    [[0xef, 0xbb, 0xbf, 0x7b], 'utf-8'],
    [[0xff, 0xfe, 0x7b, 0x00], 'utf-16le'],
    [[0xfe, 0xff, 0x00, 0x7b], 'utf-16be'],
    [[0x7b, 0x00, 0x22, 0x00], 'utf-16le'],
    [[0x00, 0x7b, 0x00, 0x22], 'utf-16be'],
    [[0x7b, 0x22], 'utf-8'],
    [[0x7b], 'utf-8'],
    [[], 'utf-8'],
  ];
  for (const [bytes, encoding] of cases)
    assert.equal(detectEncoding(Buffer.from(bytes)), encoding, String(bytes));
});

test('startsLikeJsonObject: `{` after whitespace in UTF-8 or UTF-16, whatever else follows', () => {
  const yes = [
    Buffer.from(' \n{"log"'),
    Buffer.from('\uFEFF{"a":1}'),
    Buffer.from('\uFEFF\t{', 'utf16le'),
    Buffer.from('{', 'utf16le'),
    Buffer.from([0xfe, 0xff, 0x00, 0x20, 0x00, 0x7b]),
    Buffer.from([0x00, 0x7b]),
  ];
  for (const head of yes) assert.ok(startsLikeJsonObject(head), head.toString('hex'));
  const no = [
    Buffer.from('[{"log":1}]'),
    Buffer.from('x{'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    Buffer.alloc(0),
  ];
  for (const head of no) assert.ok(!startsLikeJsonObject(head), head.toString('hex'));
});

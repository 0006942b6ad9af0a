import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, test } from 'node:test';
import { AppError } from '../errors.ts';
import { openUpload, saveBuffer, saveUpload, UploadTooLarge } from './files.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'expedite-uploads-'));
after(() => rm(scratch, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(scratch, `store-${n++}`, 'uploads');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function* chunks(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield p;
}

test('saveUpload stores the bytes under their sha256 in a 0700 directory it creates', async () => {
  const dir = freshDir();
  const data = randomBytes(10_000);
  const saved = await saveUpload(
    dir,
    chunks(data.subarray(0, 3), data.subarray(3, 5000), data.subarray(5000)),
    {
      maxBytes: 10_000,
    },
  );
  assert.equal(saved.sha256, sha(data));
  assert.equal(saved.size, 10_000);
  assert.equal(saved.path, path.join(path.resolve(dir), saved.sha256.slice(0, 2), saved.sha256));
  assert.deepEqual(saved.head, data.subarray(0, 4096));
  assert.deepEqual(await readFile(saved.path), data);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.deepEqual(await readdir(dir), [saved.sha256.slice(0, 2)], 'no temp files left');
});

test('a Node stream works as a source and a small file has a short head', async () => {
  const dir = freshDir();
  const saved = await saveUpload(dir, Readable.from([Buffer.from('hello '), Buffer.from('world')]), {
    maxBytes: 100,
  });
  assert.equal(saved.head.toString(), 'hello world');
  assert.equal(saved.sha256, sha(Buffer.from('hello world')));
});

test('the same content twice is stored once', async () => {
  const dir = freshDir();
  const a = await saveBuffer(dir, Buffer.from('same'));
  const b = await saveUpload(dir, chunks(Buffer.from('sa'), Buffer.from('me')), { maxBytes: 4 });
  assert.equal(a.path, b.path);
  assert.deepEqual(await readdir(path.join(dir, a.sha256.slice(0, 2))), [a.sha256]);
});

test('over maxBytes: UploadTooLarge, temp file removed, stream source not destroyed', async () => {
  const dir = freshDir();
  await assert.rejects(
    saveUpload(dir, chunks(Buffer.alloc(60), Buffer.alloc(60)), { maxBytes: 100 }),
    (err: unknown) => err instanceof UploadTooLarge && err instanceof AppError && err.status === 413,
  );
  assert.deepEqual(await readdir(dir), []);
  const source = Readable.from([Buffer.alloc(80), Buffer.alloc(80), Buffer.alloc(80)]);
  await assert.rejects(saveUpload(dir, source, { maxBytes: 100 }), UploadTooLarge);
  assert.equal(source.destroyed, false);
  assert.deepEqual(await readdir(dir), []);
});

test('a failing source removes the temp file and passes its error on', async () => {
  const dir = freshDir();
  async function* broken(): AsyncGenerator<Buffer> {
    yield Buffer.from('partial');
    throw new Error('client went away');
  }
  await assert.rejects(saveUpload(dir, broken(), { maxBytes: 100 }), /client went away/);
  assert.deepEqual(await readdir(dir), []);
});

test('openUpload streams a stored file back', async () => {
  const dir = freshDir();
  const data = randomBytes(70_000);
  const saved = await saveBuffer(dir, data);
  assert.deepEqual(await buffer(await openUpload(dir, saved.sha256)), data);
  assert.deepEqual(await buffer(await openUpload(dir, saved.sha256.toUpperCase())), data);
});

test('openUpload refuses anything but 64 hex digits and unknown files with not_found', async () => {
  const dir = freshDir();
  await saveBuffer(dir, Buffer.from('x'));
  for (const id of [
    '',
    '../../../etc/passwd',
    `${'a'.repeat(62)}/..`,
    `..${'a'.repeat(62)}`,
    'g'.repeat(64),
    'a'.repeat(63),
    'a'.repeat(65),
    `${'a'.repeat(64)}\0`,
    'a'.repeat(64),
  ]) {
    await assert.rejects(
      openUpload(dir, id),
      (err: unknown) => err instanceof AppError && err.status === 404,
      id,
    );
  }
});

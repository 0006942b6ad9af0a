import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { after, test } from 'node:test';
import { UploadTooLarge } from './files.ts';
import { receiveUpload } from './spool.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'expedite-spool-'));
after(() => rm(scratch, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(scratch, `store-${n++}`, 'uploads');
const chunk = 64 * 1024;

/** Bytes on disk under `dir` (any file), for watching a write progress. */
async function bytesOnDisk(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const e of entries) if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  return total;
}

/**
 * `count` chunks of 64 KB; before yielding each one it records how many bytes are already on
 * disk, so a test can tell a streamed write from one that waits for the whole upload.
 */
function watched(dir: string, count: number, fill: (i: number) => Buffer, seen: number[]) {
  return (async function* () {
    for (let i = 0; i < count; i++) {
      seen.push(await bytesOnDisk(dir));
      yield fill(i);
    }
  })();
}

test('a private upload is written to disk while it arrives, encrypted, and read back in chunks', async () => {
  const dir = freshDir();
  const secret = Buffer.from(
    '{"log":{"entries":[{"cookie":"sess_PLAINTEXT_SECRET_0001"}]}}'.padEnd(chunk, ' '),
  );
  const seen: number[] = [];
  const got = await receiveUpload(
    dir,
    watched(dir, 160, () => secret, seen),
    { maxBytes: 20 * 1024 * 1024, isPrivate: (head) => head.includes('"log"') },
  );
  assert.ok(got.spooled, 'kept private');
  assert.equal(got.spooled.size, 160 * chunk);
  assert.deepEqual(got.spooled.head, secret.subarray(0, 4096));
  // 10 MB arrived: by the last chunk, most of it was already on disk (not held in memory).
  assert.ok(seen[159]! >= 100 * chunk, `only ${seen[159]} bytes on disk before the last chunk`);
  const files = await readdir(path.join(dir, '.incoming'));
  assert.equal(files.length, 1);
  const onDisk = await readFile(path.join(dir, '.incoming', files[0]!));
  assert.equal(onDisk.length, 160 * chunk);
  assert.ok(!onDisk.includes('sess_PLAINTEXT_SECRET_0001'), 'the raw upload is not readable on disk');
  assert.equal((await stat(path.join(dir, '.incoming'))).mode & 0o777, 0o700);
  const plain = await buffer(got.spooled.open());
  assert.equal(plain.length, 160 * chunk);
  assert.deepEqual(plain.subarray(0, chunk), secret);
  await got.spooled.remove();
  await got.spooled.remove();
  assert.deepEqual(await readdir(path.join(dir, '.incoming')), []);
});

test('any other upload goes straight to the store, streamed the same way', async () => {
  const dir = freshDir();
  const seen: number[] = [];
  const got = await receiveUpload(
    dir,
    watched(dir, 80, (i) => Buffer.alloc(chunk, i), seen),
    { maxBytes: 10 * 1024 * 1024, isPrivate: () => false },
  );
  assert.ok(got.stored);
  assert.equal(got.stored.size, 80 * chunk);
  assert.ok(seen[79]! >= 50 * chunk, `only ${seen[79]} bytes on disk before the last chunk`);
  assert.deepEqual(
    await readFile(got.stored.path),
    Buffer.concat(Array.from({ length: 80 }, (_, i) => Buffer.alloc(chunk, i))),
  );
});

test('the size limit stops reading at the first byte over it and leaves nothing behind', async () => {
  for (const isPrivate of [true, false]) {
    const dir = freshDir();
    let pulled = 0;
    const source = (async function* () {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield Buffer.alloc(chunk, 0x7b);
      }
    })();
    await assert.rejects(
      receiveUpload(dir, source, { maxBytes: 10 * chunk + 1, isPrivate: () => isPrivate }),
      (err: unknown) => err instanceof UploadTooLarge && err.status === 413,
    );
    assert.equal(pulled, 11, 'stops at the chunk that crosses the limit');
    assert.equal(await bytesOnDisk(dir), 0, 'nothing left behind');
  }
});

test('the head decides with whatever arrived when the upload is smaller than 4 KB', async () => {
  const dir = freshDir();
  const heads: string[] = [];
  const got = await receiveUpload(
    dir,
    (async function* () {
      yield Buffer.from('{"a"');
      yield Buffer.from(':1}');
    })(),
    { maxBytes: 100, isPrivate: (head) => (heads.push(head.toString()), true) },
  );
  assert.deepEqual(heads, ['{"a":1}']);
  assert.equal((await buffer(got.spooled!.open())).toString(), '{"a":1}');
  await got.spooled!.remove();
});

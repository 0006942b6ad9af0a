/** HAR redaction in a worker thread, from the encrypted spool to the store. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { receiveUpload, type Spooled } from '../uploads/spool.ts';
import { HarRefused, redactInWorker } from './har-pool.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'expedite-har-pool-'));
after(() => rm(dir, { recursive: true, force: true }));
const creds = readFileSync(new URL('./fixtures/credentials.har', import.meta.url));

async function spool(bytes: Buffer): Promise<Spooled> {
  const source = (async function* () {
    yield bytes;
  })();
  const got = await receiveUpload(dir, source, { maxBytes: 10_000_000, isPrivate: () => true });
  return got.spooled!;
}

test('a worker redacts a spooled HAR into the store and answers with its summary', async () => {
  const spooled = await spool(Buffer.from(creds.toString('utf8'), 'utf16le'));
  const { saved, summary } = await redactInWorker({
    ...spooled.encrypted,
    uploadsDir: dir,
    maxBytes: 20_000_000,
  });
  await spooled.remove();
  assert.equal(summary.entries, 8);
  assert.deepEqual(
    summary.failing.map((l) => l.status),
    [500, 403],
  );
  const stored = readFileSync(saved.path, 'utf8');
  assert.equal(JSON.parse(stored).log.entries.length, 8);
  for (const secret of ['UrlPass-1122', 'YWRhOkJhc2ljUGFzc3dvcmQx', '739104', 'correct-horse-9911'])
    assert.ok(!stored.includes(secret), secret);
});

test('a worker refuses what is not a HAR, saying whether it opened a log object', async () => {
  const cases: [string, boolean, RegExp][] = [
    ['{"settings":{"a":1}}', false, /log is missing/],
    ['{"log":{"entries":[{"request":', true, /not valid JSON/],
  ];
  for (const [text, logObject, message] of cases) {
    const spooled = await spool(Buffer.from(text));
    await assert.rejects(
      redactInWorker({ ...spooled.encrypted, uploadsDir: dir, maxBytes: 1000 }),
      (err: unknown) =>
        err instanceof HarRefused &&
        err.status === 400 &&
        err.logObject === logObject &&
        message.test(err.message),
    );
    await spooled.remove();
  }
});

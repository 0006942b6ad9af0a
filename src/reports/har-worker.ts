/**
 * Worker thread body: reads one spooled HAR (decrypting it), redacts it with HarReader and stores
 * the redacted form, so the CPU work of a large HAR never holds up the server's event loop. Posts
 * back the stored file and summary, or the HarError to show, or the failure to log.
 */
import { createDecipheriv } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { saveUpload } from '../uploads/files.ts';
import type { HarJob, HarJobResult } from './har-pool.ts';
import { HarError, HarReader, type HarSummary } from './har.ts';

async function* redacted(
  job: HarJob,
  reader: HarReader,
  done: (s: HarSummary) => void,
): AsyncGenerator<Buffer> {
  const source = pipeline(
    createReadStream(job.file, { highWaterMark: 64 * 1024 }),
    createDecipheriv('aes-256-ctr', job.key, job.iv),
    () => {},
  );
  try {
    for await (const chunk of source) {
      const text = reader.push(chunk as Buffer);
      if (text) yield Buffer.from(text);
    }
  } finally {
    source.destroy();
  }
  const { text, summary } = reader.finish();
  if (text) yield Buffer.from(text);
  done(summary);
}

async function run(job: HarJob): Promise<HarJobResult> {
  const reader = new HarReader();
  try {
    let summary: HarSummary | null = null;
    const saved = await saveUpload(
      job.uploadsDir,
      redacted(job, reader, (s) => (summary = s)),
      {
        maxBytes: job.maxBytes,
      },
    );
    return { ok: { saved, summary: summary! } };
  } catch (err) {
    if (err instanceof HarError)
      return { refused: { message: err.message, code: err.code, logObject: reader.logObject } };
    return { failed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

parentPort!.postMessage(await run(workerData as HarJob));

/**
 * Runs HAR redaction in worker threads (har-worker.ts): at most two at a time, and always leaving
 * a core to the event loop, so other requests are served while a large HAR is read. Memory stays
 * bounded however many HARs arrive together: each worker holds one entry at a time, and further
 * uploads wait their turn, already on disk.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../errors.ts';
import type { SavedUpload } from '../uploads/files.ts';
import { HarError, type HarSummary } from './har.ts';

/** What a worker is given: the encrypted spool file and where to store the result. */
export interface HarJob {
  file: string;
  key: Buffer;
  iv: Buffer;
  uploadsDir: string;
  maxBytes: number;
}

/** What a worker answers. */
export type HarJobResult =
  | { ok: { saved: SavedUpload; summary: HarSummary } }
  | { refused: { message: string; code: ErrorCode; logObject: boolean } }
  | { failed: string };

/** A HAR the worker refused; `logObject` says the file opened a `log` object (it is a HAR). */
export class HarRefused extends HarError {
  readonly logObject: boolean;
  constructor(message: string, code: ErrorCode, logObject: boolean) {
    super(message, code);
    this.logObject = logObject;
  }
}

// One core is always left to the event loop: one worker on two cores, two from three cores up.
const maxWorkers = Math.max(1, Math.min(2, os.availableParallelism() - 1));
// A worker holds one entry (at most 16 MB of text) with its parsed and redacted copies; a HAR
// that needs more than this is refused rather than allowed to grow the server.
const heapLimitMb = 256;
const tooComplex = () =>
  new HarRefused(
    'HAR file: too large to redact safely; remove large response bodies and upload again',
    'payload_too_large',
    true,
  );
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= maxWorkers) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Redacts and stores a spooled HAR in a worker; throws HarRefused for a HAR it cannot read. */
export async function redactInWorker(job: HarJob): Promise<{ saved: SavedUpload; summary: HarSummary }> {
  const release = await slot();
  try {
    const result = await new Promise<HarJobResult>((resolve, reject) => {
      const worker = new Worker(new URL('./har-worker.ts', import.meta.url), {
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
      });
      worker.once('message', resolve);
      worker.once('error', (err: Error & { code?: string }) =>
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex() : err),
      );
      worker.once('exit', (code) => reject(new Error(`HAR worker exited with ${code} before answering`)));
    });
    if ('ok' in result) return result.ok;
    if ('refused' in result)
      throw new HarRefused(result.refused.message, result.refused.code, result.refused.logObject);
    throw new Error(`HAR worker failed: ${result.failed}`);
  } finally {
    release();
  }
}

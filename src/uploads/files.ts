/**
 * Content-addressed storage of uploaded evidence (screenshots, video, HAR files) on local disk:
 * a file lives at `dir/ab/abcdef…`, named by the sha256 of its bytes, so identical uploads are
 * stored once and a stored file can never be changed under its name. Files are written to a
 * temporary name first and renamed into place only when complete.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.ts';

/** How many leading bytes `SavedUpload.head` holds, enough to sniff the type. */
export const headBytes = 4096;

/** A stored file. */
export interface SavedUpload {
  sha256: string;
  size: number;
  path: string;
  /** The first bytes of the file (up to 4 KB), for `sniffContentType`. */
  head: Buffer;
}

/** An upload over the size limit; the partial file has been removed. */
export class UploadTooLarge extends AppError {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super('payload_too_large', `the file is larger than ${maxBytes} bytes`);
    this.name = 'UploadTooLarge';
    this.maxBytes = maxBytes;
  }
}

const sha256Pattern = /^[0-9a-f]{64}$/;

/** Where the file with this sha256 lives; throws not_found for anything but 64 hex digits. */
export function uploadPath(dir: string, sha256: string): string {
  const id = typeof sha256 === 'string' ? sha256.toLowerCase() : '';
  if (!sha256Pattern.test(id)) throw new AppError('not_found', 'upload not found');
  const root = path.resolve(dir);
  const file = path.join(root, id.slice(0, 2), id);
  if (!file.startsWith(root + path.sep)) throw new AppError('not_found', 'upload not found');
  return file;
}

/** The chunks of `source`; a Readable is read without being destroyed when we stop early. */
function chunksOf(source: AsyncIterable<unknown> | NodeJS.ReadableStream): AsyncIterable<unknown> {
  const readable = source as Partial<Readable>;
  if (typeof readable.iterator === 'function') return readable.iterator({ destroyOnReturn: false });
  return source as AsyncIterable<unknown>;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk));
}

/**
 * Streams `source` into `dir` (created with mode 0700 if missing) under its sha256 name. Throws
 * UploadTooLarge, and removes the partial file, as soon as more than `maxBytes` arrive; a stream
 * source is then left open (not destroyed) so an HTTP handler can still answer 413.
 */
export async function saveUpload(
  dir: string,
  source: AsyncIterable<Buffer> | NodeJS.ReadableStream,
  opts: { maxBytes: number },
): Promise<SavedUpload> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.upload-${randomUUID()}.tmp`);
  const hash = createHash('sha256');
  const heads: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of chunksOf(source)) {
      const buf = toBuffer(chunk);
      size += buf.length;
      if (size > opts.maxBytes) throw new UploadTooLarge(opts.maxBytes);
      hash.update(buf);
      if (headSize < headBytes) {
        heads.push(buf.subarray(0, headBytes - headSize));
        headSize += Math.min(buf.length, headBytes - headSize);
      }
      yield buf;
    }
  }
  const out = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true });
  try {
    await pipeline(counted(), out);
    const sha256 = hash.digest('hex');
    const file = uploadPath(dir, sha256);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await rename(temp, file);
    return { sha256, size, path: file, head: Buffer.concat(heads) };
  } catch (err) {
    // The pipeline can fail while the file is still being opened; the open would then create it
    // after the removal. Remove it once the stream has closed.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(temp, { force: true });
    throw err;
  }
}

/** Stores bytes the server produced itself (e.g. a redacted HAR), like `saveUpload`. */
export async function saveBuffer(dir: string, buf: Buffer): Promise<SavedUpload> {
  return saveUpload(
    dir,
    (async function* () {
      yield buf;
    })(),
    { maxBytes: buf.length },
  );
}

/** Opens a stored file for reading; throws not_found for a bad or unknown sha256. */
export async function openUpload(dir: string, sha256: string): Promise<ReadStream> {
  const file = uploadPath(dir, sha256);
  try {
    const handle = await open(file, 'r');
    return handle.createReadStream();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', 'upload not found');
    throw err;
  }
}

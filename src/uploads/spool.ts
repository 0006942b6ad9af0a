/**
 * Receiving an upload without holding it in memory. The first 4 KB decide where it goes: a file
 * that may hold secrets (`isPrivate`, e.g. anything that could be a HAR) is written to a private
 * temporary file, encrypted with a key that lives only in this process's memory, so the raw
 * secrets never reach the disk in a readable form, even if the process dies before removing it;
 * any other file goes straight to the content-addressed store (files.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipe, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { headBytes, saveUpload, UploadTooLarge, type SavedUpload } from './files.ts';

/** A private, encrypted copy of an upload, to be read once and removed. */
export interface Spooled {
  size: number;
  /** The first bytes of the file (up to 4 KB), for sniffing. */
  head: Buffer;
  /** The plain bytes again, read from the disk in chunks. */
  open(): Readable;
  /** Where the encrypted bytes are and their AES-256-CTR key and IV, to read them elsewhere. */
  encrypted: { file: string; key: Buffer; iv: Buffer };
  /** Removes the file; safe to call more than once. */
  remove(): Promise<void>;
}

/** What `receiveUpload` did with the upload. */
export type Received =
  { stored: SavedUpload; spooled?: undefined } | { spooled: Spooled; stored?: undefined };

/** Temporary files left by a process that died are removed after this long. */
const staleMs = 60 * 60 * 1000;

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk));
}

/**
 * Streams `source` to disk, never holding more than a chunk (and the 4 KB head) in memory.
 * Throws UploadTooLarge, leaving nothing behind, when more than `maxBytes` arrive; a Readable
 * source is then left open so an HTTP handler can still answer 413.
 */
export async function receiveUpload(
  dir: string,
  source: AsyncIterable<unknown> | NodeJS.ReadableStream,
  opts: { maxBytes: number; isPrivate: (head: Buffer) => boolean },
): Promise<Received> {
  const readable = source as Partial<Readable>;
  const iterable =
    typeof readable.iterator === 'function'
      ? readable.iterator({ destroyOnReturn: false })
      : (source as AsyncIterable<unknown>);
  const it = iterable[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let firstSize = 0;
  let ended = false;
  while (firstSize < headBytes) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    const buf = toBuffer(next.value);
    first.push(buf);
    firstSize += buf.length;
    if (firstSize > opts.maxBytes) throw new UploadTooLarge(opts.maxBytes);
  }
  const head = Buffer.concat(first).subarray(0, headBytes);
  async function* all(): AsyncGenerator<Buffer> {
    yield* first;
    if (ended) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield toBuffer(next.value);
  }
  if (!opts.isPrivate(head)) return { stored: await saveUpload(dir, all(), { maxBytes: opts.maxBytes }) };
  return { spooled: await spool(path.join(dir, '.incoming'), all(), opts.maxBytes, head) };
}

async function spool(
  dir: string,
  source: AsyncIterable<Buffer>,
  maxBytes: number,
  head: Buffer,
): Promise<Spooled> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await removeStale(dir);
  const file = path.join(dir, `${randomUUID()}.tmp`);
  const key = randomBytes(32);
  const iv = randomBytes(16);
  let size = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const buf of source) {
      size += buf.length;
      if (size > maxBytes) throw new UploadTooLarge(maxBytes);
      yield buf;
    }
  }
  const remove = () => rm(file, { force: true });
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  try {
    await pipeline(counted(), createCipheriv('aes-256-ctr', key, iv), out);
  } catch (err) {
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await remove();
    throw err;
  }
  return {
    size,
    head,
    // A read error destroys the returned stream with that error, so its reader sees it.
    open: () => pipe(createReadStream(file), createDecipheriv('aes-256-ctr', key, iv), () => {}),
    encrypted: { file, key, iv },
    remove,
  };
}

/** Removes temporary files older than an hour (from a process that died mid-upload). */
async function removeStale(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [])) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > staleMs) await rm(file, { force: true }).catch(() => {});
  }
}

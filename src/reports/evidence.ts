/**
 * Storing one uploaded piece of evidence. The upload is streamed to disk, never held whole in
 * memory. What is a HAR is decided by the content, not the name or declared type: any text
 * (UTF-8 or UTF-16) that starts like a JSON object is read as a HAR, and when it is one only its
 * redacted form is stored. A file that claims to be a HAR (named .har, declared as HAR, or
 * opening a `log` object) but cannot be read is refused with the reason, never stored raw.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import { saveUpload, type SavedUpload } from '../uploads/files.ts';
import { sniffContentType, startsLikeJsonObject, type Sniffed } from '../uploads/sniff.ts';
import { receiveUpload } from '../uploads/spool.ts';
import { HarRefused, redactInWorker } from './har-pool.ts';
import type { HarSummary } from './har.ts';

/** A stored upload with its sniffed type and, for a HAR, its summary. */
export interface Evidence {
  saved: SavedUpload;
  sniffed: Sniffed;
  harSummary: HarSummary | null;
}

/** Whether the name or the declared type says HAR. */
export function claimsHar(filename: string, declaredType: string | undefined): boolean {
  return /\.har$/i.test(filename) || /(?:^|[/+.-])har(?:$|[+.;\s-])/i.test(declaredType ?? '');
}

/** Streams an upload to disk and stores it (a HAR redacted); throws HarError or UploadTooLarge. */
export async function storeEvidence(
  config: Pick<Config, 'uploadsDir' | 'uploadLimit'>,
  file: Readable,
  filename: string,
  declaredType: string | undefined,
): Promise<Evidence> {
  const claimed = claimsHar(filename, declaredType);
  const received = await receiveUpload(config.uploadsDir, file, {
    maxBytes: config.uploadLimit,
    isPrivate: (head) => claimed || startsLikeJsonObject(head),
  });
  if (received.stored)
    return {
      saved: received.stored,
      sniffed: sniffContentType(received.stored.head, filename),
      harSummary: null,
    };
  const spooled = received.spooled;
  try {
    try {
      // Redaction can lengthen short values; twice the upload is far above what it can add.
      const har = await redactInWorker({
        ...spooled.encrypted,
        uploadsDir: config.uploadsDir,
        maxBytes: config.uploadLimit * 2,
      });
      return {
        saved: har.saved,
        sniffed: { contentType: 'application/json', kind: 'har' },
        harSummary: har.summary,
      };
    } catch (err) {
      if (!(err instanceof HarRefused) || claimed || err.logObject || err.status === 413) throw err;
    }
    // JSON (or text) that is not a HAR: stored as it came.
    const saved = await saveUpload(config.uploadsDir, spooled.open(), { maxBytes: config.uploadLimit });
    return { saved, sniffed: sniffContentType(saved.head, filename), harSummary: null };
  } finally {
    await spooled.remove();
  }
}

/**
 * Decides the type of an uploaded file from its first bytes, never from its name or the type the
 * client claimed, so an upload cannot make us serve script to a browser. SVG and HTML are never
 * served as image/svg+xml or text/html: like any other UTF-8 text they become text/plain.
 */

/** What an upload is and how it will be served. */
export interface Sniffed {
  contentType: string;
  kind: 'image' | 'video' | 'har' | 'other';
}

const ascii = (head: Buffer, start: number, end: number) => head.subarray(start, end).toString('latin1');
const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** Image and video types of ISO base media files (MP4, MOV, AVIF, HEIC) by their `ftyp` brand. */
function isoMediaType(brand: string): Sniffed {
  if (brand === 'qt  ') return { contentType: 'video/quicktime', kind: 'video' };
  if (brand === 'avif' || brand === 'avis') return { contentType: 'image/avif', kind: 'image' };
  if (['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(brand))
    return { contentType: 'image/heic', kind: 'image' };
  if (brand.startsWith('3g')) return { contentType: 'video/3gpp', kind: 'video' };
  if (brand === 'M4A ' || brand === 'M4B ') return { contentType: 'audio/mp4', kind: 'other' };
  return { contentType: 'video/mp4', kind: 'video' };
}

/** UTF-8 without NUL bytes; a multi-byte character cut at the end of `head` is allowed. */
function isUtf8Text(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The served type of an upload from its first bytes (pass at least the first 4 KB):
 * PNG, JPEG, GIF, WebP, MP4/MOV/AVIF/HEIC (ftyp box), WebM/Matroska (EBML), PDF; UTF-8 text
 * starting with `{` is `application/json` when the name ends in .har or .json or the first key is
 * `"log"`, and its kind is 'har' when the name ends in .har or the first key is `"log"`; any other
 * UTF-8 text without NULs (including SVG and HTML) is `text/plain; charset=utf-8`; everything else
 * is `application/octet-stream`.
 */
export function sniffContentType(head: Buffer, filename: string): Sniffed {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { contentType: 'image/png', kind: 'image' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', kind: 'image' };
  const six = ascii(head, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return { contentType: 'image/gif', kind: 'image' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP')
    return { contentType: 'image/webp', kind: 'image' };
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') return isoMediaType(ascii(head, 8, 12));
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    const webm = head.includes('webm', 0, 'latin1');
    return { contentType: webm ? 'video/webm' : 'video/x-matroska', kind: 'video' };
  }
  if (ascii(head, 0, 5) === '%PDF-') return { contentType: 'application/pdf', kind: 'other' };
  if (head.length === 0 || !isUtf8Text(head))
    return { contentType: 'application/octet-stream', kind: 'other' };

  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const name = filename.toLowerCase();
  if (/^\s*\{/.test(text)) {
    const logFirst = /^\s*\{\s*"log"\s*:/.test(text);
    const isHar = logFirst || name.endsWith('.har');
    if (isHar || name.endsWith('.json'))
      return { contentType: 'application/json', kind: isHar ? 'har' : 'other' };
  }
  return { contentType: 'text/plain; charset=utf-8', kind: 'other' };
}

/** A text encoding of uploaded text. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The text encoding of a file from its first bytes: a byte order mark, or NULs beside ASCII. */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] !== 0 && head[1] === 0) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0 && head[1] !== 0) return 'utf-16be';
  return 'utf-8';
}

/**
 * Whether a file's first bytes are text (UTF-8 or UTF-16, with or without a byte order mark)
 * starting with `{`: what a HAR, or any JSON object, looks like whatever its name.
 */
export function startsLikeJsonObject(head: Uint8Array): boolean {
  const text = new TextDecoder(detectEncoding(head)).decode(head.subarray(0, 256));
  return /^\uFEFF?[ \t\r\n]*\{/.test(text);
}

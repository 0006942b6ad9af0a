/**
 * How request bodies are read before any route sees them. JSON bodies must be UTF-8, nested at
 * most `maxJsonDepth` levels, and free of prototype keys (`__proto__`, `constructor.prototype`);
 * a compressed body (Content-Encoding) is refused, since it would otherwise be read as garbage.
 * A charset other than UTF-8 is refused too. Each refusal is a 4xx that names the body or the header, never a 5xx deep in a validator or
 * in PostgreSQL (whose JSON parser stops at a depth far below what fits in a megabyte).
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Deeper than any body a route documents (the deepest is under 10), far below what breaks a parser. */
export const maxJsonDepth = 64;

function refused(message: string): AppError {
  return new AppError('invalid_request', `body: ${message}`, [{ field: 'body', message }]);
}

/** How deep brackets nest in JSON text, stopping once past `limit` (strings skipped). */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Refuses prototype keys while parsing (keys arrive decoded, so escaped spellings are caught too). */
function guardKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw refused('"__proto__" is not allowed as a key');
  if (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)
    throw refused('"constructor.prototype" is not allowed');
  return value;
}

/** A charset other than UTF-8 (JSON has no other, RFC 8259): a 415 naming the header. */
function checkCharset(contentType: string | undefined): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new AppError('unsupported_media_type', 'headers.content-type: JSON is read as UTF-8 only', [
      { field: 'headers.content-type', message: 'charset must be utf-8' },
    ]);
}

/** Parses a JSON body, or throws an AppError saying what is wrong with it. */
export function parseJsonBody(body: Buffer, contentType?: string): unknown {
  checkCharset(contentType);
  if (body.length === 0) throw refused('is empty; send JSON, or no Content-Type without a body');
  if (!isUtf8(body)) throw refused('is not valid UTF-8');
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Nesting needs two characters a level: short bodies cannot be too deep.
  if (text.length > 2 * maxJsonDepth && exceedsDepth(text, maxJsonDepth))
    throw refused(`nests deeper than ${maxJsonDepth} levels`);
  // Only text that could spell a prototype key pays for the reviver.
  const suspicious = text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
  try {
    return suspicious ? JSON.parse(text, guardKeys) : JSON.parse(text);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw refused(`is not valid JSON: ${(err as Error).message}`);
  }
}

function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Installs the JSON parser and the Content-Encoding check on `app`; call before the routes. */
export function installBodyParsing(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer, req.headers['content-type']));
    } catch (err) {
      done(err as AppError, undefined);
    }
  });
  app.addHook('preParsing', async (req, _reply, payload) => {
    const coding = req.headers['content-encoding']?.trim().toLowerCase();
    if (coding && coding !== 'identity' && hasBody(req))
      throw new AppError(
        'unsupported_media_type',
        'headers.content-encoding: compressed bodies are not accepted; send the body uncompressed',
        [{ field: 'headers.content-encoding', message: 'not accepted' }],
      );
    return payload;
  });
}

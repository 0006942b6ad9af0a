/**
 * One HTTP request to a URL a person (or an integration) gave, under the outbound policy: every
 * hop (the first and each redirect, followed here by hand, at most `maxRedirects`) must be https to
 * a host whose addresses are all public, unless an allow-list entry names the host. The check runs
 * where the connection is made — in the socket's DNS lookup, and again on the connected socket's
 * peer address — so a name that resolves differently between a check and the connect cannot pass.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { classifyAddress, kindWords } from './address.ts';
import { matches, type AllowEntry } from './allow-list.ts';

/** Why a request was not made or did not complete. */
export type OutboundFailure = 'bad_url' | 'scheme' | 'blocked' | 'redirects' | 'network' | 'timeout';

/** A refused or failed request; `reason` says which, the message says why in plain words. */
export class OutboundError extends Error {
  readonly reason: OutboundFailure;
  constructor(reason: OutboundFailure, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'OutboundError';
    this.reason = reason;
  }
  /** Network trouble and timeouts may pass; a refused or malformed target will not. */
  get retryable(): boolean {
    return this.reason === 'network' || this.reason === 'timeout';
  }
}

/** A request as the channels make it. */
export interface OutboundInit {
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
}

export interface SendOptions {
  /** Hosts (and host:ports) that may be reached whatever they resolve to. */
  allow: readonly AllowEntry[];
  /** For the whole exchange, redirects and reading the body included. */
  timeoutMs: number;
  maxRedirects?: number;
}

/** The most of an answer read; channels need a status and a short JSON body at most. */
export const maxAnswerBytes = 1024 * 1024;

/** Redirects followed at most, by default. */
export const defaultMaxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const nullBodyStatuses = new Set([204, 205, 304]);

/** The refusal for a host whose address is not public, or null when it is. */
function refusal(host: string, address: string): OutboundError | null {
  const kind = classifyAddress(address);
  if (kind === 'public') return null;
  const words =
    host === address ? `is ${kindWords[kind]} address` : `resolves to ${kindWords[kind]} address ${address}`;
  return new OutboundError('blocked', `${host} ${words}`);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for the socket that refuses a name when any of its addresses is not public. */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    for (const a of addresses) {
      const refused = refusal(hostname, a.address);
      if (refused) return callback(refused, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

/** Checks one hop before connecting; answers whether the policy applies to it (not allow-listed). */
function checkHop(url: URL, allow: readonly AllowEntry[]): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundError('scheme', `only https URLs are accepted, got ${url.protocol}//`);
  if (matches(allow, url)) return false;
  if (url.protocol !== 'https:')
    throw new OutboundError('scheme', 'only https URLs are accepted (http only to allow-listed hosts)');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const refused = refusal(host, host);
    if (refused) throw refused;
  }
  return true;
}

/** One hop: connects (guarded when `guard`), sends, and answers the response head and body. */
function hop(url: URL, init: OutboundInit, guard: boolean, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    let refused: OutboundError | null = null;
    const req = client.request(
      url,
      {
        method: init.method,
        headers:
          init.body === undefined
            ? init.headers
            : { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
        agent: false,
        signal,
        ...(guard ? { lookup: guardedLookup } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) {
          res.destroy();
          return reject(new OutboundError('network', `the server answered with status ${status}`));
        }
        const headers = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const body = nullBodyStatuses.has(status)
          ? null
          : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        if (!body) res.resume();
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > maxAnswerBytes)
            res.destroy(new OutboundError('network', `the answer is larger than ${maxAnswerBytes} bytes`));
        });
        resolve(new Response(body, { status, headers }));
      },
    );
    req.on('socket', (socket: Socket) => {
      if (!guard) return;
      // The peer of the connected socket, whatever the lookup answered.
      socket.once('connect', () => {
        refused = refusal(url.hostname.replace(/^\[|\]$/g, ''), socket.remoteAddress ?? '');
        if (refused) req.destroy(refused);
      });
    });
    req.on('error', (e) => {
      const blocked = refused ?? findOutboundError(e);
      if (blocked) return reject(blocked);
      if (signal.aborted) return reject(new OutboundError('timeout', 'no answer in time', e));
      reject(new OutboundError('network', networkWords(e), e));
    });
    req.end(init.body);
  });
}

/** The OutboundError a lookup raised, wherever the socket layer wrapped it. */
function findOutboundError(e: unknown): OutboundError | null {
  for (let x: unknown = e, depth = 0; x && depth < 4; depth++) {
    if (x instanceof OutboundError) return x;
    if (x instanceof AggregateError) {
      const inner = x.errors.find((y): y is OutboundError => y instanceof OutboundError);
      if (inner) return inner;
    }
    x = (x as { cause?: unknown }).cause;
  }
  return null;
}

/** A network error in words without the peer's answer: the code (ECONNREFUSED, ENOTFOUND, …). */
function networkWords(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? `could not connect (${code})` : 'could not connect';
}

/**
 * Sends `init` to `address` under the policy and answers the final response (never a redirect:
 * one past the limit is an OutboundError). 301, 302 and 303 continue with a GET without body, 307
 * and 308 repeat the request; credentials are dropped when a redirect leaves the origin.
 */
export async function sendOutbound(
  address: string,
  init: OutboundInit,
  opts: SendOptions,
): Promise<Response> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new OutboundError('bad_url', 'the address is not a URL');
  }
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const max = opts.maxRedirects ?? defaultMaxRedirects;
  let current = init;
  for (let redirects = 0; ; redirects++) {
    const guard = checkHop(url, opts.allow);
    let res: Response;
    try {
      res = await hop(url, current, guard, signal);
    } catch (e) {
      if (e instanceof OutboundError && e.reason === 'network' && signal.aborted)
        throw new OutboundError('timeout', `no answer within ${opts.timeoutMs} ms`, e);
      throw e;
    }
    const location = res.headers.get('location');
    if (!redirectStatuses.has(res.status) || location === null) return res;
    await res.body?.cancel();
    if (redirects >= max) throw new OutboundError('redirects', `more than ${max} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new OutboundError('bad_url', 'a redirect led to an address that is not a URL');
    }
    current = redirected(current, res.status, url, next);
    url = next;
  }
}

/** The request to repeat at a redirect's target. */
function redirected(init: OutboundInit, status: number, from: URL, to: URL): OutboundInit {
  let headers = { ...init.headers };
  if (from.origin !== to.origin)
    headers = Object.fromEntries(
      Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())),
    );
  if (status === 307 || status === 308) return { ...init, headers };
  const bodyless = Object.fromEntries(
    Object.entries(headers).filter(([k]) => !['content-type', 'content-length'].includes(k.toLowerCase())),
  );
  return { method: 'GET', headers: bodyless };
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, for email tests: it
 * takes mail (with AUTH PLAIN/LOGIN when a user is given, over plain text since STARTTLS is off),
 * records each message's envelope, Message-ID, subject, text and HTML parts, and can be told to
 * refuse a recipient with 450 (try later) or 550 (no such mailbox). Each message is checked against
 * RFC 5322 and MIME: Date, From and a `<id@domain>` Message-ID present, lines of at most 998
 * characters, MIME-Version with any Content-Type; a breach is recorded in `violations`.
 */
import type { AddressInfo } from 'node:net';
import smtpServer from 'smtp-server';
import type { EmailConfig } from '../../src/notify/types.ts';

/** One message as received. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** Who logged in, or null without AUTH. */
  user: string | null;
  headers: Record<string, string>;
  messageId: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  raw: string;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** `smtp://user:pass@127.0.0.1:<port>` (without credentials when none are required). */
  url: string;
  messages: ReceivedMail[];
  /** Every standards breach; tests assert this stays empty. */
  violations: string[];
  /** The next `times` RCPT TO for `address` are refused with `code` (all of them by default). */
  reject(address: string, code: 450 | 550, times?: number): void;
  close(): Promise<void>;
}

/** RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?utf-8?Q?…?=`) decoded. */
export function decodeWords(s: string): string {
  return s
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, data: string) => {
      const bytes =
        enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '));
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

function qpBytes(s: string): Buffer {
  const out: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      out.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(out);
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(header ?? '');
  return m?.[1];
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const charset = param(part.headers['content-type'], 'charset') ?? 'utf-8';
  const bytes =
    encoding === 'base64'
      ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? qpBytes(part.body)
        : Buffer.from(part.body, 'utf8');
  return new TextDecoder(charset.toLowerCase()).decode(bytes).replace(/\r\n/g, '\n');
}

/** The first text/plain and text/html parts of a message, multipart or not. */
export function textParts(part: Part): { text: string | null; html: string | null } {
  const type = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(part.headers['content-type'], 'boundary');
    if (!boundary) return { text: null, html: null };
    const found = { text: null as string | null, html: null as string | null };
    for (const chunk of part.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const inner = textParts(splitPart(chunk.replace(/^\r?\n/, '')));
      found.text ??= inner.text;
      found.html ??= inner.html;
    }
    return found;
  }
  if (type.startsWith('text/html')) return { text: null, html: decodeBody(part) };
  if (type.startsWith('text/plain')) return { text: decodeBody(part), html: null };
  return { text: null, html: null };
}

function mailProblems(raw: string, headers: Record<string, string>): string[] {
  const out: string[] = [];
  if (!headers.date || Number.isNaN(Date.parse(headers.date))) out.push('Date is missing or bad');
  if (!headers.from) out.push('From is missing');
  if (!/^<[^<>@\s]+@[^<>@\s]+>$/.test(headers['message-id'] ?? ''))
    out.push('Message-ID must be <id@domain>');
  if (headers['content-type'] && !headers['mime-version']) out.push('MIME-Version is missing');
  if (raw.split(/\r?\n/).some((l) => l.length > 998)) out.push('a line is over 998 characters');
  return out;
}

/** Starts the sink; with `user` and `pass` it requires AUTH with them. */
export async function startSmtpSink(opts: { user?: string; pass?: string } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const violations: string[] = [];
  const rejections = new Map<string, { code: 450 | 550; left: number }>();
  const auth = opts.user !== undefined;
  const server = new smtpServer.SMTPServer({
    logger: false,
    // A mail sink on loopback: no reverse DNS lookup of the client (it would wait on DNS).
    disableReverseLookup: true,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    onAuth(a, _session, callback) {
      if (a.username === opts.user && a.password === opts.pass) return callback(null, { user: a.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const r = rejections.get(address.address.toLowerCase());
      if (r && r.left > 0) {
        r.left -= 1;
        const message = r.code === 450 ? 'Mailbox busy, try again later' : 'No such user here';
        return callback(Object.assign(new Error(message), { responseCode: r.code }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const top = splitPart(raw);
        const { text, html } = textParts(top);
        const problems = mailProblems(raw, top.headers);
        violations.push(...problems);
        messages.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          user: typeof session.user === 'string' ? session.user : null,
          headers: top.headers,
          messageId: top.headers['message-id'] ?? null,
          subject: top.headers.subject === undefined ? null : decodeWords(top.headers.subject),
          text,
          html,
          raw,
        });
        callback(null, 'Queued');
      });
    },
  });
  // A client that dies mid-session (a server killed with SIGKILL) resets its connection: that is
  // the client's business, not a failure of the sink.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') violations.push(`server error: ${err.message}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(opts.user!)}:${encodeURIComponent(opts.pass ?? '')}@` : '';
  return {
    host: '127.0.0.1',
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    violations,
    reject: (address, code, times = Infinity) =>
      void rejections.set(address.toLowerCase(), { code, left: times }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Expedite's email settings pointing at this sink (plain SMTP, no login). */
export function emailConfigFor(sink: SmtpSink): EmailConfig {
  return {
    host: sink.host,
    port: sink.port,
    secure: false,
    auth: null,
    from: 'Expedite <pager@example.com>',
  };
}

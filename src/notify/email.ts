/**
 * Email through an SMTP relay (nodemailer, pooled connections). Each message carries a Message-ID
 * made from its idempotency key (`<key@expedite>`), so a retry of the same page is recognisably the
 * same message; a plain-text part and a minimal HTML part with the ack link (and, for a meeting
 * invitation, its `text/calendar; method=REQUEST` alternative); and `Auto-Submitted`
 * so that auto-responders stay quiet (RFC 3834). SMTP 4xx replies (and 503) are retried, other 5xx
 * are permanent (the mailbox does not exist, the relay refuses us); connection failures and
 * timeouts are retried.
 */
import type { Transporter } from 'nodemailer';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool';
import { oneLine } from './text.ts';
import {
  defaultTimeoutMs,
  errorMessage,
  SendError,
  type Channel,
  type EmailConfig,
  type OutboundMessage,
} from './types.ts';

/**
 * The Message-ID for an idempotency key: `<key@expedite>`, with every character outside
 * `[A-Za-z0-9_-]` written as `=XX` (its UTF-8 bytes), so any key gives a valid, distinct id.
 */
export function messageIdFor(key: string): string {
  const local = Array.from(Buffer.from(key, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9_-]/.test(c) ? c : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  return `<${local}@expedite>`;
}

function htmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The plain-text part: the message's text, then the ack and incident links on lines of their own. */
export function emailText(m: OutboundMessage): string {
  if (m.outside) return `${m.text}\n`;
  return `${m.text}\n\nAcknowledge: ${m.ackUrl}\nIncident #${m.incident.number}: ${m.incident.url}\n`;
}

/** The HTML part: the same words, with the ack link as a link. */
export function emailHtml(m: OutboundMessage): string {
  const paragraphs = m.text
    .split(/\n{2,}/)
    .map((p) => `<p>${htmlEscape(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  if (m.outside) return `<!doctype html><html><body>${paragraphs}</body></html>`;
  return (
    `<!doctype html><html><body>${paragraphs}` +
    `<p><a href="${htmlEscape(m.ackUrl)}"><strong>Acknowledge</strong></a></p>` +
    `<p><a href="${htmlEscape(m.incident.url)}">Open incident #${m.incident.number}</a></p>` +
    '</body></html>'
  );
}

interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
  response?: unknown;
}

const permanentCodes = new Set(['ECONFIG', 'ENOAUTH', 'EAUTH', 'EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

/** A nodemailer error as a SendError: by SMTP reply when there is one, else by nodemailer's code. */
export function smtpSendError(what: string, e: unknown): SendError {
  const f = (typeof e === 'object' && e !== null ? e : {}) as SmtpFailure;
  const code = typeof f.code === 'string' ? f.code : undefined;
  const reply = typeof f.response === 'string' ? oneLine(f.response) : errorMessage(e);
  if (typeof f.responseCode === 'number') {
    const retryable = typeof f.permanent === 'boolean' ? !f.permanent : f.responseCode < 500;
    return new SendError(`${what}: ${reply}`, {
      retryable,
      status: f.responseCode,
      ...(code ? { code } : {}),
      cause: e,
    });
  }
  return new SendError(`${what}: ${errorMessage(e)}`, {
    retryable: !(code && permanentCodes.has(code)),
    ...(code ? { code } : {}),
    cause: e,
  });
}

const emailAddress = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/** The email channel; the recipient's address is their email address. `close` ends the pool. */
export function emailChannel(config: EmailConfig, opts: { timeoutMs?: number } = {}): Channel {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
  const options: SMTPPoolOptions & { pool: true } = {
    pool: true,
    maxConnections: 2,
    // Keep pooled connections for as long as the server allows, instead of reconnecting after every
    // hundred messages: a new connection's handshakes delay the page that waits for it.
    maxMessages: Infinity,
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth ? { auth: config.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(30_000, timeoutMs),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  // nodemailer is loaded on the first message, so servers that never send email don't carry it.
  let transport: Promise<Transporter> | undefined;
  const open = () => (transport ??= import('nodemailer').then((m) => m.default.createTransport(options)));
  return {
    kind: 'email',
    async send(m) {
      const what = `email to ${m.recipient.name}`;
      if (!emailAddress.test(m.recipient.address))
        throw new SendError(`${what}: "${m.recipient.address}" is not an email address`, {
          retryable: false,
          code: 'invalid_address',
        });
      try {
        const info = await (
          await open()
        ).sendMail({
          from: config.from,
          to: { name: oneLine(m.recipient.name), address: m.recipient.address },
          subject: oneLine(m.subject),
          text: emailText(m),
          html: emailHtml(m),
          messageId: messageIdFor(m.idempotencyKey),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', ...m.headers },
          ...(m.calendar ? { icalEvent: { method: m.calendar.method, content: m.calendar.content } } : {}),
        });
        return { providerId: info.messageId };
      } catch (e) {
        throw smtpSendError(what, e);
      }
    },
    async close() {
      if (transport) (await transport).close();
    },
  };
}

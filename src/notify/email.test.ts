import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { startSmtpSink, type SmtpSink } from '../../test/helpers/smtp-sink.ts';
import { emailChannel, messageIdFor, smtpSendError } from './email.ts';
import { notifyConfigFromEnv } from '../config-channels.ts';
import { composePage } from './text.ts';
import { SendError, type Channel, type EmailConfig, type OutboundMessage } from './types.ts';

const incident = {
  id: 'inc-1',
  number: 42,
  title: 'Clicking on user details gives an error',
  tagline: 'ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  urgency: 'P1',
  url: 'https://expedite.example.com/incidents/42',
};
const ackUrl = 'https://expedite.example.com/ack/m1?sig=abc&exp=1';
const message = (address: string, key = 'outbox-7f3a'): OutboundMessage => ({
  idempotencyKey: key,
  incident,
  ...composePage(incident, ackUrl),
  ackUrl,
  recipient: { name: 'Ada Lovelace', address },
});

const failsWith = (p: Promise<unknown>, expected: Partial<Record<keyof SendError, unknown>>) =>
  assert.rejects(p, (e) => {
    assert.ok(e instanceof SendError, String(e));
    for (const [k, v] of Object.entries(expected)) assert.equal(e[k as keyof SendError], v, k);
    return true;
  });

let sink: SmtpSink;
let config: EmailConfig;
let channel: Channel;
before(async () => {
  sink = await startSmtpSink({ user: 'pager@example.com', pass: 's3cret:pass' });
  // Configured the way production is: from the environment.
  config = notifyConfigFromEnv({
    EXPEDITE_SMTP_URL: sink.url,
    EXPEDITE_MAIL_FROM: 'Expedite <pager@example.com>',
  }).email!;
  channel = emailChannel(config, { timeoutMs: 2000 });
});
after(async () => {
  await channel.close?.();
  await sink.close();
});

test('a page is sent with a Message-ID from the idempotency key, text and an HTML ack link', async () => {
  const { providerId } = await channel.send(message('ada@example.com'));
  const mail = sink.messages.at(-1)!;
  assert.equal(providerId, '<outbox-7f3a@expedite>');
  assert.equal(mail.messageId, '<outbox-7f3a@expedite>');
  assert.deepEqual(mail.envelope, { from: 'pager@example.com', to: ['ada@example.com'] });
  assert.equal(mail.user, 'pager@example.com');
  assert.equal(mail.subject, '[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details gives an error');
  assert.ok(mail.text!.includes(`Acknowledge: ${ackUrl}`));
  assert.ok(mail.text!.includes(`Incident #42: ${incident.url}`));
  assert.ok(
    mail.html!.includes(`<a href="${ackUrl.replace('&', '&amp;')}"><strong>Acknowledge</strong></a>`),
  );
  assert.equal(mail.headers['auto-submitted'], 'auto-generated');
  assert.match(mail.headers.to!, /Ada Lovelace/);
  assert.deepEqual(sink.violations, []);
});

test('a retry of the same message carries the same Message-ID', async () => {
  await channel.send(message('grace@example.com', 'outbox-same'));
  await channel.send(message('grace@example.com', 'outbox-same'));
  const ids = sink.messages.filter((m) => m.envelope.to[0] === 'grace@example.com').map((m) => m.messageId);
  assert.deepEqual(ids, ['<outbox-same@expedite>', '<outbox-same@expedite>']);
});

test('non-ASCII subjects and text arrive intact', async () => {
  const accented = { ...incident, tagline: 'PAIEMENT: Échec du paiement – carte refusée' };
  await channel.send({ ...message('ada@example.com'), incident: accented, ...composePage(accented, ackUrl) });
  const mail = sink.messages.at(-1)!;
  assert.equal(mail.subject, '[P1] #42 PAIEMENT: Échec du paiement – carte refusée');
  assert.ok(mail.text!.startsWith('[P1] #42 PAIEMENT: Échec du paiement - carte refusée - ack:'));
});

test('450 for the recipient is retryable, 550 permanent', async () => {
  sink.reject('busy@example.com', 450, 1);
  await failsWith(channel.send(message('busy@example.com')), { retryable: true, status: 450 });
  await channel.send(message('busy@example.com'));
  sink.reject('nobody@example.com', 550);
  await failsWith(channel.send(message('nobody@example.com')), { retryable: false, status: 550 });
});

test('a wrong password is permanent (535)', async () => {
  const wrong = emailChannel(
    { ...config, auth: { user: 'pager@example.com', pass: 'nope' } },
    { timeoutMs: 2000 },
  );
  await failsWith(wrong.send(message('ada@example.com')), { retryable: false, status: 535 });
  await wrong.close?.();
});

test('a relay that cannot be reached, or does not greet in time, is retryable', async () => {
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const down = emailChannel({ ...config, port }, { timeoutMs: 1000 });
  await failsWith(down.send(message('ada@example.com')), { retryable: true });
  await down.close?.();

  const mute = net.createServer(() => {});
  await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
  const silent = emailChannel(
    { ...config, port: (mute.address() as net.AddressInfo).port },
    { timeoutMs: 200 },
  );
  await failsWith(silent.send(message('ada@example.com')), { retryable: true });
  await silent.close?.();
  await new Promise<void>((r) => mute.close(() => r()));
});

test('an address that is not an email is refused before sending', async () => {
  await failsWith(channel.send(message('U012AB3CD')), { retryable: false, code: 'invalid_address' });
  await failsWith(channel.send(message('a@b.c>\r\nBcc: x@y.z')), {
    retryable: false,
    code: 'invalid_address',
  });
});

test('Message-IDs are valid and distinct for any key', () => {
  assert.equal(messageIdFor('msg_abc-123'), '<msg_abc-123@expedite>');
  assert.equal(messageIdFor('a b@c'), '<a=20b=40c@expedite>');
  assert.equal(messageIdFor('é'), '<=C3=A9@expedite>');
  assert.notEqual(messageIdFor('a.b'), messageIdFor('a=2Eb'));
});

test('nodemailer errors map to retryable or permanent', () => {
  const e = (props: Record<string, unknown>) => Object.assign(new Error('x'), props);
  assert.equal(smtpSendError('w', e({ code: 'EENVELOPE', responseCode: 452 })).retryable, true);
  assert.equal(smtpSendError('w', e({ code: 'EENVELOPE', responseCode: 553 })).retryable, false);
  assert.equal(
    smtpSendError('w', e({ code: 'EPROTOCOL', responseCode: 503, permanent: false })).retryable,
    true,
  );
  assert.equal(smtpSendError('w', e({ code: 'ECONNECTION' })).retryable, true);
  assert.equal(smtpSendError('w', e({ code: 'ETIMEDOUT' })).retryable, true);
  assert.equal(smtpSendError('w', e({ code: 'ECONFIG' })).retryable, false);
});

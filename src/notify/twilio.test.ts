import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startFakeTwilio, twimlProblems, type FakeTwilio } from '../../test/helpers/fakes/twilio.ts';
import { createOutbound } from '../outbound/index.ts';
import { composePage } from './text.ts';
import { smsChannel, verifyTwilioSignature, voiceChannel, voiceTwiml, xmlEscape } from './twilio.ts';
import { SendError, type OutboundMessage, type TwilioConfig } from './types.ts';

/** No allow-list: the configured API base is reached as the operator's, nothing else. */
const outbound = createOutbound();

const incident = {
  id: 'inc-1',
  number: 42,
  title: 'Clicking on user details gives an error',
  tagline: 'ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  urgency: 'P1',
  url: 'https://expedite.example.com/incidents/42',
};
const ackUrl = 'https://expedite.example.com/ack/m1?sig=abc&exp=1';
const message = (address: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  idempotencyKey: 'outbox-1',
  incident,
  ...composePage(incident, ackUrl),
  ackUrl,
  recipient: { name: 'Ada', address },
  ...over,
});

const failsWith = (p: Promise<unknown>, expected: Partial<Record<keyof SendError, unknown>>) =>
  assert.rejects(p, (e) => {
    assert.ok(e instanceof SendError, String(e));
    for (const [k, v] of Object.entries(expected)) assert.equal(e[k as keyof SendError], v, k);
    return true;
  });

let twilio: FakeTwilio;
let config: TwilioConfig;
before(async () => {
  twilio = await startFakeTwilio();
  config = {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: twilio.from,
    apiUrl: twilio.apiUrl,
    statusCallbackUrl: 'https://expedite.example.com/twilio/status',
  };
});
after(async () => {
  await twilio.close();
});

test('an SMS is one GSM-7 segment with the ack link, and the sid comes back', async () => {
  const { providerId } = await smsChannel(config, outbound).send(message('+14155550100'));
  const sent = twilio.messages.at(-1)!;
  assert.equal(providerId, sent.sid);
  assert.match(providerId, /^SM[0-9a-f]{32}$/);
  assert.equal(sent.to, '+14155550100');
  assert.equal(
    sent.body,
    `[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details gives an error - ack: ${ackUrl}`,
  );
  assert.deepEqual([sent.encoding, sent.segments], ['GSM-7', 1]);
  assert.equal(sent.params.From, twilio.from);
  assert.equal(sent.params.StatusCallback, config.statusCallbackUrl);
  assert.deepEqual(twilio.violations, []);
});

test('a long text is cut to 300 characters, keeping the ack link; curly quotes become ASCII', async () => {
  const text = `Reminder: it’s still open. ${'Checkout is failing for customers. '.repeat(12)}- ack: ${ackUrl}`;
  await smsChannel({ ...config, statusCallbackUrl: null }, outbound).send(message('+14155550101', { text }));
  const sent = twilio.messages.at(-1)!;
  assert.ok(sent.body.length <= 300, `${sent.body.length}`);
  assert.ok(sent.body.startsWith("Reminder: it's still open."));
  assert.ok(sent.body.endsWith(`- ack: ${ackUrl}`));
  assert.equal(sent.encoding, 'GSM-7');
  assert.equal(sent.params.StatusCallback, undefined);
  assert.deepEqual(twilio.violations, []);
});

test('a call reads the page and gathers one key posted to the ack URL', async () => {
  const { providerId } = await voiceChannel(config, outbound).send(message('+14155550102'));
  const call = twilio.calls.at(-1)!;
  assert.equal(providerId, call.sid);
  assert.match(providerId, /^CA[0-9a-f]{32}$/);
  assert.equal(call.params.StatusCallback, config.statusCallbackUrl);
  assert.ok(call.twiml!.includes(`action="${xmlEscape(ackUrl)}"`));
  assert.ok(call.twiml!.includes('numDigits="1"'));
  assert.ok(call.twiml!.includes('Press 1 to acknowledge.'));
  assert.ok(call.twiml!.includes('Incident 42: ADMINS-FBLOCK-FE: Clicking on user details gives an error.'));
  assert.deepEqual(twilio.violations, []);
});

test('TwiML escapes what it carries and the fake parses it', () => {
  const sneaky = { ...incident, tagline: 'a < b & "c" </Say><Hangup/>' };
  const twiml = voiceTwiml(message('+1', { incident: sneaky }), 'https://x.example/g?a=1&b=2');
  assert.deepEqual(twimlProblems(twiml), []);
  assert.ok(twiml.includes('a &lt; b &amp; &quot;c&quot; &lt;/Say&gt;&lt;Hangup/&gt;'));
  assert.ok(twiml.includes('action="https://x.example/g?a=1&amp;b=2"'));
  assert.notDeepEqual(twimlProblems('<Response><Say>a & b</Say></Response>'), []);
  assert.notDeepEqual(
    twimlProblems('<Response><Gather action="/relative"><Say>x</Say></Gather></Response>'),
    [],
  );
  assert.notDeepEqual(twimlProblems('<Response><Say>x</Response>'), []);
});

test('the key press can go to another URL than the ack link', async () => {
  const gather = 'https://expedite.example.com/twilio/gather?m=outbox-1';
  await voiceChannel(config, outbound, { gatherActionUrl: () => gather }).send(message('+14155550107'));
  assert.ok(twilio.calls.at(-1)!.twiml!.includes(`action="${xmlEscape(gather)}"`));
  assert.deepEqual(twilio.violations, []);
});

test('429 (with Retry-After) and 5xx are retryable', async () => {
  twilio.fail('+14155550103', { status: 429, retryAfter: 4 }, 1);
  await failsWith(smsChannel(config, outbound).send(message('+14155550103')), {
    retryable: true,
    status: 429,
    code: '20429',
    retryAfterMs: 4000,
  });
  assert.ok((await smsChannel(config, outbound).send(message('+14155550103'))).providerId);
  twilio.fail('+14155550104', { status: 503 }, 1);
  await failsWith(voiceChannel(config, outbound).send(message('+14155550104')), {
    retryable: true,
    status: 503,
  });
});

test('an unsubscribed or invalid number and bad credentials are permanent', async () => {
  twilio.fail('+14155550105', {
    status: 400,
    code: 21610,
    message: 'Attempt to send to unsubscribed recipient',
  });
  await failsWith(smsChannel(config, outbound).send(message('+14155550105')), {
    retryable: false,
    status: 400,
    code: '21610',
  });
  twilio.fail('+14155550106', { status: 400, code: 21211 });
  await failsWith(voiceChannel(config, outbound).send(message('+14155550106')), {
    retryable: false,
    code: '21211',
  });
  await failsWith(smsChannel({ ...config, authToken: 'wrong' }, outbound).send(message('+14155550100')), {
    retryable: false,
    status: 401,
    code: '20003',
  });
  assert.deepEqual(twilio.violations, []);
});

test('a number not in E.164 is refused before calling Twilio', async () => {
  const before = twilio.requests.length;
  await failsWith(smsChannel(config, outbound).send(message('0415 555 0100')), {
    retryable: false,
    code: 'invalid_address',
  });
  await failsWith(voiceChannel(config, outbound).send(message('ada@example.com')), {
    retryable: false,
    code: 'invalid_address',
  });
  assert.equal(twilio.requests.length, before);
});

test('the fake refuses and records requests that break the contract', async () => {
  const start = twilio.violations.length;
  const post = (resource: string, body: string, type = 'application/x-www-form-urlencoded') =>
    fetch(`${twilio.apiUrl}/2010-04-01/Accounts/${twilio.accountSid}/${resource}.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
        'content-type': type,
      },
      body,
    }).then(async (r) => ({ status: r.status, ...((await r.json()) as { code: number }) }));
  assert.equal((await post('Messages', 'To=%2B14155550100&From=%2B15005550006')).code, 21602);
  assert.equal((await post('Messages', 'To=0415&From=%2B15005550006&Body=x')).code, 21211);
  assert.equal((await post('Messages', 'to=%2B14155550100&From=%2B15005550006&Body=x')).code, 20001);
  assert.equal((await post('Messages', '{"To":"+14155550100"}', 'application/json')).code, 21604);
  assert.equal((await post('Calls', 'To=%2B14155550100&From=%2B15005550006')).code, 21205);
  assert.equal(
    (await post('Calls', 'To=%2B14155550100&From=%2B15005550006&Twiml=%3CSay%3Ex%3C%2FSay%3E')).code,
    12100,
  );
  assert.equal(twilio.violations.length - start, 6);
});

// Twilio's published example (auth token 12345).
const docUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const docParams = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const docSignature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

test('verifyTwilioSignature accepts Twilio’s documented example and nothing else', () => {
  assert.equal(verifyTwilioSignature('12345', docUrl, docParams, docSignature), true);
  assert.equal(verifyTwilioSignature('12345', docUrl, { ...docParams, Digits: '9' }, docSignature), false);
  assert.equal(
    verifyTwilioSignature('12345', docUrl.replace('bar=2', 'bar=3'), docParams, docSignature),
    false,
  );
  assert.equal(verifyTwilioSignature('54321', docUrl, docParams, docSignature), false);
  assert.equal(verifyTwilioSignature('12345', docUrl, docParams, ''), false);
  assert.equal(verifyTwilioSignature('12345', docUrl, docParams, 'RSOY'), false);
  assert.equal(
    verifyTwilioSignature('12345', docUrl, docParams, `${docSignature.slice(0, 4)}!${docSignature.slice(4)}`),
    false,
  );
});

test('verifyTwilioSignature also accepts the URL signed with or without the default port', () => {
  const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
  assert.equal(verifyTwilioSignature('12345', withPort, docParams, docSignature), true);
  const signedWithPort = twilio.signature('https://expedite.example.com:443/sms', { Body: 'ACK 42' });
  assert.equal(
    verifyTwilioSignature(
      twilio.authToken,
      'https://expedite.example.com/sms',
      { Body: 'ACK 42' },
      signedWithPort,
    ),
    true,
  );
  assert.equal(
    verifyTwilioSignature(
      twilio.authToken,
      'https://expedite.example.com:8443/sms',
      { Body: 'ACK 42' },
      signedWithPort,
    ),
    false,
  );
});

test('a reply posted by the fake the way Twilio does verifies', async () => {
  let seen: { signature: string; params: Record<string, string>; url: string } | null = null;
  const app = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const host = req.headers.host!;
      seen = {
        signature: String(req.headers['x-twilio-signature']),
        params: Object.fromEntries(new URLSearchParams(raw)),
        url: `http://${host}${req.url}`,
      };
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<Response/>');
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(app.address() as { port: number }).port}/twilio/sms?x=1`;
  const res = await twilio.postCallback(url, {
    From: '+14155550100',
    To: twilio.from,
    Body: 'ACK 42',
    MessageSid: 'SM1',
  });
  assert.equal(res.status, 200);
  const got = seen!;
  assert.equal(verifyTwilioSignature(twilio.authToken, got.url, got.params, got.signature), true);
  assert.equal(
    verifyTwilioSignature(twilio.authToken, got.url, { ...got.params, Body: 'ACK 43' }, got.signature),
    false,
  );
  await new Promise<void>((r) => app.close(() => r()));
});

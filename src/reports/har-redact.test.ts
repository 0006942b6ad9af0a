import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  REDACTED,
  isRecord,
  isSecretFieldName,
  isSecretHeaderName,
  isSecretParamName,
  isTextualMime,
  looksSecret,
  nestsDeeperThan,
  redactAllStrings,
  redactEntry,
  redactJsonText,
  redactText,
  type RedactCounter,
} from './har-redact.ts';

const counter = (): RedactCounter => ({ count: 0 });

test('secret header names, each rule on its own: webhook signatures, cookies, authorization, tokens', () => {
  // Each name below is caught by one rule only, so dropping any rule fails here.
  for (const name of [
    'Stripe-Signature',
    'X-Hub-Signature-256',
    'Set-Cookie2',
    'X-Auth-User',
    'X-Refresh-Token',
    'X-Client-Secret',
    'X-Session-Id',
    'Sec-WebSocket-Key',
    'X-Password',
    'X-Csrf-Check',
    'X-XSRF-Header',
    'X-Amz-Credential',
    'Authorization',
    'Proxy-Authorization',
    'Cookie',
    'set-cookie',
    'X-Api-Key',
    'x_api_key',
  ])
    assert.equal(isSecretHeaderName(name), true, name);
  for (const name of [
    ':authority',
    ' :Authority ',
    ':path',
    'Accept',
    'Host',
    'Referer',
    'Signal',
    'Content-Type',
  ])
    assert.equal(isSecretHeaderName(name), false, name);
});

test('secret JSON field names, each rule on its own', () => {
  for (const name of [
    'refreshToken',
    'mySecret',
    'newPassword',
    'db_passwd',
    'sessionData',
    'x_api_key',
    'awsCredentials',
    'private_key',
    'jwt',
    'PWD',
    'pass',
    'otp',
    'auth',
    'Authorization',
    'cookie',
    'sig',
    'signature',
    'sid',
    'SAMLResponse',
    'SAMLRequest',
    'X-Amz-Signature',
    'X-Goog-Signature',
    'client_secret',
  ])
    assert.equal(isSecretFieldName(name), true, name);
  for (const name of [
    'user',
    'code',
    'key',
    'signal',
    'passage',
    'author',
    'side',
    'otpEnabledAt',
    'X-Amz-Date',
  ])
    assert.equal(isSecretFieldName(name), false, name);
});

test('secret query parameter names add code, key and the signed-URL credentials to the field names', () => {
  for (const name of ['code', 'Key', 'X-Amz-Credential', 'X-Goog-Credential', 'access_token', 'pass%77ord'])
    assert.equal(isSecretParamName(name), name !== 'pass%77ord', name);
  for (const name of ['codes', 'keys', 'state', 'page']) assert.equal(isSecretParamName(name), false, name);
});

test('looksSecret: JWTs, Bearer values and long random tokens, but not slugs, UUIDs or short values', () => {
  const jwt8 = 'eyJabcdefgh.abcdefgh.';
  assert.equal(looksSecret(jwt8), true, 'eight characters per part are enough');
  assert.equal(looksSecret('x eyJ-_abcdef.A_c-1234.sig'), true, 'anywhere in the value, with - and _');
  assert.equal(looksSecret('eyJabcdefg.abcdefgh.'), false, 'seven is not');
  assert.equal(looksSecret('eyJabcdefgh.abcdefg.'), false);
  assert.equal(looksSecret('eyJabcdefgh.abcdefgh'), false, 'no second dot');
  assert.equal(looksSecret('eyJabc$efgh.abcdefgh.'), false);
  assert.equal(looksSecret('eyJabcdefgh.abc$efgh.'), false);
  assert.equal(looksSecret('bearer x'), true);
  assert.equal(looksSecret('Bearer \t x'), true, 'any run of white space');
  assert.equal(looksSecret('Bearer'), false);
  assert.equal(looksSecret('Bearer '), false);
  assert.equal(looksSecret('my Bearer x'), false, 'Bearer must start the value');
  const token32 = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
  assert.equal(token32.length, 32);
  assert.equal(looksSecret(token32), true);
  assert.equal(looksSecret(token32.slice(1)), false, '31 characters are too short');
  assert.equal(looksSecret(`${token32}+/=_-`), true, 'the base64 and base64url alphabets');
  assert.equal(looksSecret(`${token32}.x`), false, 'a dot is not in the alphabet');
  assert.equal(looksSecret(`.${token32}`), false);
  assert.equal(looksSecret('3FA85F64-5717-4562-B3FC-2C963F66AFA6'), false, 'upper-case UUIDs are ids too');
  assert.equal(
    looksSecret(`3fa85f64-5717-4562-b3fc-2c963f66afa6${'a1'.repeat(12)}`),
    true,
    'a UUID and more',
  );
  assert.equal(looksSecret(`${'a1'.repeat(12)}3fa85f64-5717-4562-b3fc-2c963f66afa6`), true);
  assert.equal(looksSecret('abcdefghij-klmnopqrst-uvwxyzabcdefgh'), false, 'letters only');
  assert.equal(looksSecret('12345678901234567890123456789012345'), false, 'digits only');
  assert.equal(looksSecret('abcdefghijklmnopqr1-abcdefghijklmnopqr2'), false, 'runs of 19');
  assert.equal(looksSecret('abcdefghijklmnopqr12-abcdefghijklm'), true, 'a run of 20');
  assert.equal(looksSecret(REDACTED), false);
});

test('redactText leaves short and already redacted text alone and counts each replacement', () => {
  const c = counter();
  assert.equal(redactText('k=', c), 'k=');
  assert.equal(redactText(REDACTED, c), REDACTED);
  assert.equal(redactText('?code=', c), '?code=', 'an empty value is nothing to hide');
  assert.equal(redactText('?code=[redacted]', c), '?code=[redacted]');
  assert.equal(redactText('Bearer [redacted]', c), 'Bearer [redacted]');
  assert.equal(redactText('{"token": "[redacted]"}', c), '{"token": "[redacted]"}');
  assert.equal(c.count, 0);
  assert.equal(redactText('pwd=abc', c), 'pwd=[redacted]', 'at the start of the text');
  assert.equal(redactText('a#token=abc', c), 'a#token=[redacted]');
  assert.equal(redactText('Bearer abcdefghijklmnop', c), `Bearer ${REDACTED}`);
  assert.equal(redactText('Bearer   abcdefghijklmnop', c), `Bearer ${REDACTED}`);
  assert.equal(
    redactText('Bearer abcdefghijklmno', c),
    'Bearer abcdefghijklmno',
    'fifteen characters are a word',
  );
  assert.equal(redactText('x=1 and eyJabcdefgh.abcdefgh.sig end', c), 'x=1 and [redacted] end');
  assert.equal(c.count, 5);
});

test('redactText: secrets inside encoded values, up to three levels deep', () => {
  const c = counter();
  const once = encodeURIComponent('https://y/cb?token=abc');
  assert.equal(redactText(`?next=${once}`, c), '?next=[redacted]');
  assert.equal(redactText('?q=Bearer+abc', c), '?q=[redacted]', 'a plus is a space');
  assert.equal(redactText('?q=%E0%A4%A', c), '?q=%E0%A4%A', 'a broken escape is left as it is');
  assert.equal(redactText('?q=hello+world', c), '?q=hello+world');
  let deep = 'token=abc';
  for (let i = 0; i < 4; i++) deep = `u=${encodeURIComponent(deep)}`;
  assert.equal(redactText(`?${deep}`, c), `?${deep}`, 'four levels deep is not searched');
  assert.equal(c.count, 2);
});

test('redactText: JS and multipart pairs need a secret name; HTML tags need a secret name and a value', () => {
  const c = counter();
  assert.equal(redactText("{ token: 'abc', user: 'ada' }", c), "{ token: '[redacted]', user: 'ada' }");
  assert.equal(
    redactText('cfg.token: "abc"', c),
    'cfg.token: "[redacted]"',
    'a property path names its field',
  );
  assert.equal(redactText('9token: "abc"', c), '9token: "abc"', 'not the tail of another word');
  const part = 'Content-Disposition: form-data; name="code"\r\n\r\n1234\r\n';
  assert.equal(redactText(part, c), 'Content-Disposition: form-data; name="code"\r\n\r\n[redacted]\r\n');
  const meta = '<meta name="csrf-token" content="abc"><meta property="og:title" content="Hi">';
  assert.equal(
    redactText(meta, c),
    '<meta name="csrf-token" content="[redacted]"><meta property="og:title" content="Hi">',
  );
  assert.equal(redactText('<input id="api_key" value="">', c), '<input id="api_key" value="">');
  assert.equal(redactText('<input value="abc">', c), '<input value="abc">', 'no name: kept');
  assert.equal(
    redactText("<INPUT NAME='password' VALUE='p'>", c),
    "<INPUT NAME='password' VALUE='[redacted]'>",
  );
  assert.equal(redactText('<div title="token">x</div>', c), '<div title="token">x</div>');
  assert.equal(c.count, 5);
});

test('nestsDeeperThan counts objects and arrays, not scalars', () => {
  assert.equal(nestsDeeperThan({ a: { b: 1 } }, 2), false);
  assert.equal(nestsDeeperThan({ a: { b: {} } }, 2), true);
  assert.equal(nestsDeeperThan([[[]]], 2), true);
  assert.equal(nestsDeeperThan([[1, 'x', null]], 2), false);
  assert.equal(nestsDeeperThan('deep', 0), false);
  assert.equal(nestsDeeperThan({}, 0), true);
  assert.equal(nestsDeeperThan(null, 0), false);
});

test('redactJsonText: by field name, numbers too, nested secrets; leaves other text and clean JSON untouched', () => {
  const c = counter();
  assert.equal(redactJsonText('not json, token: "x"', c), 'not json, token: "x"');
  assert.equal(redactJsonText('{broken', c), '{broken');
  const clean = '{ "a": 1,\n "b": "x" }';
  assert.equal(redactJsonText(clean, c), clean, 'unchanged text keeps its formatting');
  assert.equal(
    redactJsonText(' [{"pinned":1,"password":"p","sig":"","token":null,"otp":2,"jwt":true}]', c),
    '[{"pinned":1,"password":"[redacted]","sig":"","token":null,"otp":"[redacted]","jwt":true}]',
  );
  assert.equal(
    redactJsonText('{"auth":{"list":["a",{"x":"b"}]},"name":"ada"}', c),
    '{"auth":{"list":["[redacted]",{"x":"[redacted]"}]},"name":"ada"}',
  );
  assert.equal(redactJsonText('{"token":"[redacted]"}', c), '{"token":"[redacted]"}');
  assert.equal(c.count, 4);
  let deep = '"x"';
  for (let i = 0; i < 201; i++) deep = `{"token":${deep}}`;
  assert.equal(redactJsonText(deep, c), deep, 'too deep to walk: left to the text rules');
  assert.equal(c.count, 4);
});

test('isTextualMime keeps text, JSON, JavaScript, HTML and XML', () => {
  for (const m of [
    'text/plain',
    'TEXT/CSS',
    'application/json',
    'application/problem+json',
    'application/javascript',
    'application/ecmascript',
    'application/xhtml+xml',
    'image/svg+xml',
    'TEXT/HTML',
  ])
    assert.equal(isTextualMime(m), true, m);
  for (const m of [
    'image/png',
    'application/octet-stream',
    'font/woff2',
    'application/pdf',
    'x-text/plain',
    '',
  ])
    assert.equal(isTextualMime(m), false, m);
});

test('isRecord: plain objects only', () => {
  assert.equal(isRecord({}), true);
  assert.equal(isRecord([]), false);
  assert.equal(isRecord(null), false);
  assert.equal(isRecord('x'), false);
});

test('redactEntry: headers, cookies, query and form parameters, bodies and WebSocket messages', () => {
  const entry = {
    request: {
      headers: [
        { name: 'Stripe-Signature', value: 't=1,v1=abc' },
        { name: 'Accept', value: 'text/html' },
        { name: 'Cookie', value: '' },
        { name: 'X-Api-Key', value: null },
        { name: 'X-Auth-Token', value: REDACTED },
        { name: 'Authorization' },
        'not a header',
      ],
      cookies: [{ name: 'theme', value: 'dark' }],
      queryString: [
        { name: 'code', value: 'c-1' },
        { name: 'page', value: '2' },
        { name: 'ref', value: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' },
        { name: 'n', value: 5 },
      ],
      postData: {
        params: [
          { name: 'password', value: 'p' },
          { name: 'user', value: 'ada' },
        ],
        text: '{"password":"p"}',
      },
    },
    response: {
      headers: [{ name: 'Set-Cookie', value: 'sid=1' }],
      cookies: [{ name: 'sid', value: '1' }],
      content: { mimeType: 'application/json', text: '{"token":"t"}' },
    },
    _webSocketMessages: [{ data: '{"secret":"s"}' }, { data: 7 }, 'x'],
  };
  const c = counter();
  redactEntry(entry, c);
  assert.deepEqual(entry.request.headers, [
    { name: 'Stripe-Signature', value: REDACTED },
    { name: 'Accept', value: 'text/html' },
    { name: 'Cookie', value: '' },
    { name: 'X-Api-Key', value: null },
    { name: 'X-Auth-Token', value: REDACTED },
    { name: 'Authorization' },
    'not a header',
  ]);
  assert.deepEqual(entry.request.cookies, [{ name: 'theme', value: REDACTED }]);
  assert.deepEqual(entry.request.queryString, [
    { name: 'code', value: REDACTED },
    { name: 'page', value: '2' },
    { name: 'ref', value: REDACTED },
    { name: 'n', value: 5 },
  ]);
  assert.deepEqual(entry.request.postData, {
    params: [
      { name: 'password', value: REDACTED },
      { name: 'user', value: 'ada' },
    ],
    text: `{"password":"${REDACTED}"}`,
  });
  assert.deepEqual(entry.response, {
    headers: [{ name: 'Set-Cookie', value: REDACTED }],
    cookies: [{ name: 'sid', value: REDACTED }],
    content: { mimeType: 'application/json', text: `{"token":"${REDACTED}"}` },
  });
  assert.deepEqual(entry._webSocketMessages, [{ data: `{"secret":"${REDACTED}"}` }, { data: 7 }, 'x']);
  assert.equal(c.count, 10);
});

test('redactEntry: response bodies, base64 decoded, binary and undecodable ones dropped', () => {
  const body = (content: Record<string, unknown>) => {
    const e = { response: { content } };
    redactEntry(e, counter());
    return e.response.content;
  };
  assert.deepEqual(
    body({ mimeType: 'text/plain', text: Buffer.from('hi').toString('base64'), encoding: 'Base64' }),
    {
      mimeType: 'text/plain',
      text: 'hi',
    },
  );
  assert.deepEqual(body({ mimeType: 'text/plain', text: 'aGk=', encoding: 'gzip' }), {
    mimeType: 'text/plain',
    text: 'aGk=',
  });
  assert.deepEqual(
    body({ mimeType: 'text/plain', text: Buffer.from([0xff, 0xfe]).toString('base64'), encoding: 'base64' }),
    {
      mimeType: 'text/plain',
    },
  );
  assert.deepEqual(body({ mimeType: 'image/png', text: 'iVBORw0KGgo=', encoding: 'base64' }), {
    mimeType: 'image/png',
  });
  assert.deepEqual(body({ mimeType: 'text/plain', text: 42 }), { mimeType: 'text/plain' });
  assert.deepEqual(body({ text: 'x' }), {}, 'no mimeType: not known to be text');
  assert.deepEqual(body({ mimeType: 'text/plain', size: 0 }), { mimeType: 'text/plain', size: 0 });
  const request = { request: { postData: 'raw' }, response: 'none' };
  redactEntry(request, counter());
  assert.deepEqual(request, { request: { postData: 'raw' }, response: 'none' });
});

test('redactAllStrings: every string, nested in objects and arrays, changed only where a secret is', () => {
  const root = {
    log: {
      pages: [{ title: 'https://x/?token=abc' }],
      entries: [{ request: { url: 'https://x/a?code=1&b=2', headers: [['Bearer abcdefghijklmnop12']] } }],
      comment: 'ok',
      n: 3,
      none: null,
    },
  };
  const c = counter();
  redactAllStrings(root, c);
  assert.deepEqual(root, {
    log: {
      pages: [{ title: `https://x/?token=${REDACTED}` }],
      entries: [{ request: { url: `https://x/a?code=${REDACTED}&b=2`, headers: [[`Bearer ${REDACTED}`]] } }],
      comment: 'ok',
      n: 3,
      none: null,
    },
  });
  assert.equal(c.count, 3);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smsSegments } from '../../test/helpers/fakes/twilio.ts';
import {
  composePage,
  cut,
  fitText,
  pageSubject,
  pageText,
  plainText,
  smsLength,
  voiceScript,
} from './text.ts';

const incident = {
  number: 42,
  tagline: 'ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  urgency: 'P1',
};
const ackUrl = 'https://expedite.example.com/ack/4f3c2a1b?sig=Zm9vYmFy';

test('the subject is [urgency] #number tagline on one line', () => {
  assert.equal(pageSubject(incident), '[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details gives an error');
  assert.equal(
    pageSubject({ ...incident, urgency: null }),
    '#42 ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  );
  assert.equal(pageSubject({ ...incident, tagline: 'two\nlines\r\n  here' }), '[P1] #42 two lines here');
  assert.ok(pageSubject({ ...incident, tagline: 'x'.repeat(1000) }).length <= 200);
});

test('the page text ends with the ack link and fits one GSM-7 segment', () => {
  const text = pageText(incident, ackUrl);
  assert.equal(text, `[P1] #42 ADMINS-FBLOCK-FE: Clicking on user details gives an error - ack: ${ackUrl}`);
  assert.deepEqual(smsSegments(text), { encoding: 'GSM-7', segments: 1 });
  assert.deepEqual(composePage(incident, ackUrl), { subject: pageSubject(incident), text });
});

test('a long tagline is cut, the urgency, number and link are kept', () => {
  const long = {
    ...incident,
    tagline: `ADMINS-FBLOCK-FE: ${'Checkout fails for every customer in Europe '.repeat(5)}`,
  };
  const text = pageText(long, ackUrl);
  assert.ok(text.length <= 160, `${text.length} characters`);
  assert.ok(text.startsWith('[P1] #42 ADMINS-FBLOCK-FE: Checkout'));
  assert.ok(text.endsWith(`... - ack: ${ackUrl}`));
  assert.deepEqual(smsSegments(text), { encoding: 'GSM-7', segments: 1 });
});

test('a link too long for one segment keeps the number and the whole link', () => {
  const longUrl = `https://expedite.example.com/ack/${'a'.repeat(170)}`;
  const text = pageText(incident, longUrl);
  assert.equal(text, `[P1] #42 - ack: ${longUrl}`);
});

test('typographic characters become ASCII so a text stays GSM-7', () => {
  assert.equal(plainText('It’s “down” – again…'), 'It\'s "down" - again...');
  const text = pageText({ ...incident, tagline: 'Checkout’s “pay” button — broken' }, ackUrl);
  assert.equal(smsSegments(text).encoding, 'GSM-7');
});

test('cut never splits a surrogate pair and marks the cut', () => {
  assert.equal(cut('abcdef', 10), 'abcdef');
  assert.equal(cut('abcdefghij', 6), 'abc...');
  assert.equal(cut('ab😀cdef', 6), 'ab...');
  assert.equal(cut('abcdef', 2), 'ab');
  assert.equal(cut('abc', 0), '');
});

test('fitText cuts before the link, keeping its label and what follows', () => {
  const text = `Reminder: ${'very long words '.repeat(20)}- ack: ${ackUrl} (P1)`;
  const fitted = fitText(text, ackUrl, 120);
  assert.ok(fitted.length <= 120);
  assert.ok(fitted.endsWith(`- ack: ${ackUrl} (P1)`), fitted);
  assert.ok(fitted.startsWith('Reminder: very long'));
  assert.equal(fitText('short', ackUrl, 120), 'short');
  assert.ok(fitText('no link here '.repeat(20), ackUrl, 50).length <= 50);
  // The link alone does not fit: it is sent whole all the same.
  assert.equal(fitText(`x ${ackUrl}`, ackUrl, 10), ackUrl);
});

test('the voice script says urgency, number and tagline in plain words', () => {
  assert.equal(
    voiceScript(incident),
    'Expedite page. Urgency P1. Incident 42: ADMINS-FBLOCK-FE: Clicking on user details gives an error.',
  );
  assert.equal(
    voiceScript({ ...incident, urgency: null, tagline: 'Down' }),
    'Expedite page. Incident 42: Down.',
  );
});

test('smsLength counts GSM septets, extension characters twice', () => {
  assert.equal(smsLength('abc'), 3);
  assert.equal(smsLength('[P1]'), 6);
  assert.equal(smsLength('5€ é'), 5);
  assert.equal(smsLength('it’s'), 4); // a curly quote: UCS-2, counted in UTF-16 units
});

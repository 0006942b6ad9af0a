import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeWords, plainWords, taglineWords } from './codes.ts';

test('a classification reads as one line of plain words', () => {
  assert.equal(
    plainWords({ scope: 'ADMINS', criticality: 'FBLOCK', area: 'FE' }),
    'Some admins · a feature is blocked · front end',
  );
  assert.equal(
    plainWords({ scope: null, criticality: 'ALLBLOCK', area: 'DEVOPS' }),
    'The application is blocked · infrastructure',
  );
  assert.equal(plainWords({ scope: null, criticality: null, area: null }), '');
});

test('every code has its words', () => {
  assert.equal(codeWords('S-USER'), 'one customer');
  assert.equal(codeWords('FBEHAV'), 'a feature misbehaves');
  assert.equal(codeWords('FEBE'), 'front end and back end');
  assert.equal(codeWords('P1'), 'critical');
  assert.equal(codeWords('toString'), undefined);
  assert.equal(codeWords('Checkout'), undefined);
});

test("a tagline's codes read as plain words, hyphenated scopes included", () => {
  assert.equal(
    taglineWords('ADMINS-FBLOCK-FE: Clicking on user details gives an error'),
    'Some admins · a feature is blocked · front end',
  );
  assert.equal(
    taglineWords('ALL-USERS-ALLBLOCK-FEBE: Nobody can pay'),
    'All customers · the application is blocked · front end and back end',
  );
  assert.equal(taglineWords('S-ADMIN-FBEHAV: Typo'), 'One admin · a feature misbehaves');
  assert.equal(taglineWords('ALL: x'), 'Everyone');
  assert.equal(taglineWords('Checkout is down'), '');
  assert.equal(taglineWords('HTTP-500: errors'), '');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findJargon } from './jargon.ts';

const texts = (s: string, allowed?: string[]) => findJargon(s, allowed).map((j) => `${j.kind}:${j.text}`);

test('plain words pass', () => {
  assert.deepEqual(
    texts(
      'We are back: admins can open user details again. The problem lasted 2 h 30 min; our team spent 5.5 h. ' +
        'ALL of it is fixed. Write to support@example.com if you still see it (see the attached report.pdf).',
    ),
    [],
  );
});

test('tagline and classification codes are found', () => {
  assert.deepEqual(texts('ADMINS-FBLOCK-FE: Clicking on user details gives an error'), [
    'code:ADMINS-FBLOCK-FE',
  ]);
  assert.deepEqual(texts('It was FBEHAV for S-USER, handled as P2 by DEVOPS.'), [
    'code:FBEHAV',
    'code:S-USER',
    'code:DEVOPS',
    'code:P2',
  ]);
  assert.deepEqual(texts('ALL-USERS-ALLBLOCK-BE'), ['code:ALL-USERS-ALLBLOCK-BE']);
  // Capitals that are not codes are plain shouting, not jargon.
  assert.deepEqual(texts('PLEASE NOTE: the API-KEY page'), []);
});

test('hostnames, addresses and IPs are found; Expedite public links pass', () => {
  assert.deepEqual(
    texts(
      'Rolled back on db-prod-03 and api.internal.example.net (10.0.4.12); see https://grafana.corp.local/d/x, ' +
        'https://expedite.example.com/incidents/12 and https://expedite.example.com/status/shop.',
      ['https://expedite.example.com'],
    ),
    [
      'host:https://grafana.corp.local/d/x',
      'host:10.0.4.12',
      'host:api.internal.example.net',
      'host:db-prod-03',
    ],
  );
  assert.deepEqual(
    texts('Details: https://expedite.example.com.evil.test/incidents/12', ['https://expedite.example.com']),
    ['host:https://expedite.example.com.evil.test/incidents/12'],
  );
});

test('commit SHAs are found, numbers and words are not', () => {
  assert.deepEqual(texts('Fixed in 3f9c2ab and 0b1e9d7c4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d.'), [
    'sha:3f9c2ab',
    'sha:0b1e9d7c4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d',
  ]);
  assert.deepEqual(texts('Ticket 1234567 was a facade; added 2026-03-01.'), []);
});

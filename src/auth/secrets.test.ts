/** Password hashes: current parameters, earlier parameters still verify, and nothing else does. */
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from './secrets.ts';

test('a hash records its parameters and verifies only its password', async () => {
  const stored = await hashPassword('correct horse battery staple');
  assert.match(stored, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(await verifyPassword('correct horse battery staple', stored), true);
  assert.equal(await verifyPassword('correct horse battery stable', stored), false);
  assert.notEqual(await hashPassword('correct horse battery staple'), stored, 'a fresh salt each time');
});

test('a hash made with earlier parameters (2^14) still verifies', async () => {
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync('old password', salt, 32, { N: 16384, r: 8, p: 1 });
  const stored = ['scrypt', 16384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
  assert.equal(await verifyPassword('old password', stored), true);
  assert.equal(await verifyPassword('new password', stored), false);
  assert.equal(await verifyPassword('old password', 'bcrypt$whatever'), false);
});

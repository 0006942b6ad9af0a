import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newDeliveryId } from './delivery-id.ts';

const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('delivery ids are version 7 UUIDs that carry their millisecond', () => {
  const at = Date.UTC(2026, 11, 6, 10, 0, 0, 123);
  const id = newDeliveryId(at);
  assert.match(id, v7);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
  assert.match(newDeliveryId(), v7);
});

test('delivery ids sort by time, and ids of the same millisecond differ', () => {
  const at = Date.UTC(2026, 11, 6);
  const ids = [at + 1, at, at + 1_000, at + 2].map((ms) => newDeliveryId(ms));
  assert.deepEqual(
    [...ids].sort(),
    [ids[1], ids[0], ids[3], ids[2]],
    'string order (as PostgreSQL orders uuids) follows time',
  );
  const same = new Set(Array.from({ length: 1_000 }, () => newDeliveryId(at)));
  assert.equal(same.size, 1_000);
});

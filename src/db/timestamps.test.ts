/**
 * The timestamptz reader: against PostgreSQL's own output in time zones with whole-hour, half-hour
 * and seconds offsets, against the driver's parser for the forms it hands over, and on random
 * values against an independent computation.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { parseTimestamptz } from './timestamps.ts';

const driver = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text');
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

test('reads what PostgreSQL writes, in any session time zone, to the millisecond', async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    // Kolkata +05:30, St John's -03:30 / -02:30, Monrovia -00:44:30 before 1972, Kathmandu +05:45.
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Africa/Monrovia', 'Asia/Kathmandu']) {
      await client.query(`SET TIME ZONE '${zone}'`);
      const { rows } = await client.query<{ text: string; ms: string }>(
        `SELECT t::text AS text, floor(extract(epoch FROM t) * 1000)::text AS ms
           FROM unnest(ARRAY[
             '2026-03-01 09:00:00+00', '2026-03-01 09:00:00.5+00', '2026-03-01 09:00:00.123456+00',
             '1969-12-31 23:59:59.999+00', '1971-06-01 12:00:00+00', '2000-02-29 00:00:00.000001+00',
             '0150-01-01 00:00:00+00', '9999-12-31 23:59:59.999999+00'
           ]::timestamptz[]) AS t`,
      );
      for (const r of rows) {
        const parsed = parseTimestamptz(r.text, driver) as Date;
        assert.equal(parsed.getTime(), Number(r.ms), `${zone}: ${r.text}`);
      }
    }
  } finally {
    await client.end();
  }
});

test('hands BC dates, infinity, early and five-digit years to the driver', () => {
  for (const s of [
    'infinity',
    '-infinity',
    '0044-03-15 12:00:00+00 BC',
    '0050-06-01 00:00:00+00',
    '12026-01-01 00:00:00+00',
    '2026-03-01',
  ]) {
    let handed = false;
    const result = parseTimestamptz(s, (v) => {
      handed = true;
      return driver(v);
    });
    assert.ok(handed, s);
    assert.deepEqual(result, driver(s), s);
  }
});

test('random values are read on the fast path and agree with an independent computation', () => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < 20_000; i++) {
    const utc = Date.UTC(100 + rand(9900), 0, 1) + rand(365 * 86_400_000);
    const micros = rand(1000);
    const offset = (rand(2) ? 1 : -1) * (rand(15 * 60) * 60 + (rand(4) === 0 ? rand(60) : 0));
    const local = new Date(utc + offset * 1000);
    const fracDigits = rand(7);
    const frac = pad(local.getUTCMilliseconds() * 1000 + micros, 6).slice(0, fracDigits);
    const abs = Math.abs(offset);
    let zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600), 2)}`;
    if (abs % 3600) zone += `:${pad(Math.floor((abs % 3600) / 60), 2)}`;
    if (abs % 60) zone += `:${pad(abs % 60, 2)}`;
    const text =
      `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)} ` +
      `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}` +
      `${fracDigits ? `.${frac}` : ''}${zone}`;
    const kept = fracDigits >= 3 ? local.getUTCMilliseconds() : Number(frac.padEnd(3, '0'));
    const expected = utc - local.getUTCMilliseconds() + kept;
    const notHanded = () => assert.fail(`${text} was handed to the driver`);
    assert.equal((parseTimestamptz(text, notHanded) as Date).getTime(), expected, text);
  }
});

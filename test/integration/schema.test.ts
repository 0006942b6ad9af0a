/**
 * src/db/schema.sql shows the schema the migrations make: this fails when a migration changed it
 * and the file was not written anew (`npm run schema`).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { dumpSchema } from '../../src/db/schema-dump.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const SCHEMA_FILE = path.join(import.meta.dirname, '..', '..', 'src', 'db', 'schema.sql');

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => db.drop());

/** The first line where `actual` and `expected` differ, for the failure message. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i])
      return `line ${i + 1}:\n  migrations make: ${a[i] ?? '(end of file)'}\n  schema.sql says: ${e[i] ?? '(end of file)'}`;
  }
  return '';
}

test('src/db/schema.sql matches the migrated database', async () => {
  const actual = await dumpSchema(db.pool);
  const expected = await readFile(SCHEMA_FILE, 'utf8');
  if (actual !== expected)
    assert.fail(`src/db/schema.sql is out of date: run npm run schema\n${firstDifference(actual, expected)}`);
});

test('the schema reads the same twice', async () => {
  assert.equal(await dumpSchema(db.pool), await dumpSchema(db.pool));
});

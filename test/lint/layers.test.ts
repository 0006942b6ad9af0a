/**
 * The layer rule of `npm run check` (`.dependency-cruiser.cjs`) reports upward imports, cycles and
 * unplaced parts: run on a small tree that breaks it on purpose (`test/fixtures/layers/`).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const root = path.resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as IConfiguration;

async function violations(tree: string): Promise<string[]> {
  const result = await cruise(['src'], {
    ...config.options,
    tsConfig: undefined,
    baseDir: tree,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

test('upward imports, a cycle and an unplaced part are each reported', async () => {
  assert.deepEqual(await violations(path.join(root, 'test/fixtures/layers')), [
    'layers: notify: src/notify/send.ts → src/escalation/page.ts',
    'layers: signals: src/signals/route.ts → src/escalation/page.ts',
    'no-circular: src/escalation/page.ts → src/signals/route.ts',
    'unknown-part: src/misc/thing.ts → src/incidents/store.ts',
  ]);
});

test('the source tree keeps the rule', async () => {
  assert.deepEqual(await violations(root), []);
});

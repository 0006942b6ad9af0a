import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.ts';

const base = { EXPEDITE_DATA_DIR: '/nonexistent' };

test('EXPEDITE_OUTBOUND_ALLOW lists hosts and host:ports; none by default', () => {
  assert.deepEqual(loadConfig(base).outboundAllow, []);
  assert.deepEqual(
    loadConfig({ ...base, EXPEDITE_OUTBOUND_ALLOW: ' 127.0.0.1, localhost:8025 ,[::1],relay.internal ' })
      .outboundAllow,
    ['127.0.0.1', 'localhost:8025', '[::1]', 'relay.internal'],
  );
});

test('a bad EXPEDITE_OUTBOUND_ALLOW entry stops the start, naming the variable', () => {
  for (const bad of ['http://x.example', 'x.example/path', 'a b'])
    assert.throws(() => loadConfig({ ...base, EXPEDITE_OUTBOUND_ALLOW: bad }), {
      message: `EXPEDITE_OUTBOUND_ALLOW must list hosts or host:ports, got "${bad}"`,
    });
});

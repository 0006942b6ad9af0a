import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matches, normalizeEntry, parseEntries } from './allow-list.ts';

test('entries are spelled one way; anything but a host or host:port is refused', () => {
  const table: [string, string | null][] = [
    ['hooks.example.com', 'hooks.example.com'],
    ['Hooks.Example.COM.', 'hooks.example.com'],
    [' relay.internal:8443 ', 'relay.internal:8443'],
    ['127.1', '127.0.0.1'],
    ['2130706433:80', '127.0.0.1:80'],
    ['[::1]', '[::1]'],
    ['[0:0::1]:8080', '[::1]:8080'],
    ['http://x.example', null],
    ['x.example/path', null],
    ['user@x.example', null],
    ['a b', null],
    ['x.example:0', null],
    ['x.example:65536', null],
    ['[zz]', null],
    ['', null],
  ];
  for (const [raw, canonical] of table) assert.equal(normalizeEntry(raw), canonical, raw);
});

test('a URL matches an entry by host, and by port when the entry names one', () => {
  const entries = parseEntries(['relay.internal', '127.0.0.1:8025', '[::1]']);
  const table: [string, boolean][] = [
    ['https://relay.internal/x', true],
    ['http://relay.internal:9000/x', true],
    ['https://RELAY.internal./x', true],
    ['https://other.internal/x', false],
    ['https://relay.internal.evil.example/x', false],
    ['http://127.0.0.1:8025/x', true],
    ['http://127.1:8025/x', true],
    ['http://127.0.0.1:8026/x', false],
    ['http://127.0.0.1/x', false],
    ['http://[::1]:5/x', true],
  ];
  for (const [url, expected] of table) assert.equal(matches(entries, new URL(url)), expected, url);
});

/** The web build's record of its inputs, and telling from it when web/dist is stale. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { inputsOf, whyStale } from './web-inputs.ts';

// Fixture files and the SHA-256 of each one's content.
const lock = [
  'package-lock.json',
  '{}\n',
  'ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356',
] as const;
const shell = [
  'web/index.html',
  '<div id="root"></div>\n',
  '2873cbefe5c2b785808c7f0e9f1ebe16666b6b40f82f4e2aa169cc89964f34f5',
] as const;
const codes = [
  'src/codes.ts',
  'export const label = "Until it is fixed";\n',
  'cf16a1d7941e072380cde2294271ebcd6ed778f172e377ed61351c8c483eca6c',
] as const;
const main = [
  'web/src/main.tsx',
  'import "./codes";\n',
  '5e236061dccd8fcfb7dc5ef285af368ef82e820c4814c9bf376f8d4c136d2283',
] as const;
const style = [
  'web/src/style.css',
  '.a { color: red; }\n',
  'ca6deceda2e01bf50b683fddfa47f00e05dcc0102cf4fb8328b14b46f5a51376',
] as const;

let root: string;
let dist: string;
const write = (name: string, content: string) => {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), content);
};

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'expedite-web-inputs-'));
  dist = path.join(root, 'web', 'dist');
  for (const [name, content] of [lock, shell, codes, main, style]) write(name, content);
  write('node_modules/react/index.js', 'module.exports = {};\n');
  write('web/dist/index.html', '<!doctype html>\n');
  write(
    'web/dist/.vite/inputs.json',
    JSON.stringify({
      files: {
        'package-lock.json': lock[2],
        'src/codes.ts': codes[2],
        'web/index.html': shell[2],
        'web/src/main.tsx': main[2],
      },
    }),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('the record holds the loaded files under the root and the fixed inputs, hashed and sorted', () => {
  const ids = [
    path.join(root, 'web/src/main.tsx'),
    path.join(root, 'web/src/style.css?inline'),
    path.join(root, 'src/codes.ts'),
    '\0vite/preload-helper.js',
    path.join(root, 'node_modules/react/index.js'),
    path.join(os.tmpdir(), 'elsewhere.ts'),
    path.join(root, 'web/src/main.tsx'),
  ];
  const inputs = inputsOf(root, ids);
  assert.deepEqual(Object.keys(inputs.files), [
    'package-lock.json',
    'src/codes.ts',
    'web/index.html',
    'web/src/main.tsx',
    'web/src/style.css',
  ]);
  assert.deepEqual(inputs.files, {
    'package-lock.json': 'ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356',
    'src/codes.ts': 'cf16a1d7941e072380cde2294271ebcd6ed778f172e377ed61351c8c483eca6c',
    'web/index.html': '2873cbefe5c2b785808c7f0e9f1ebe16666b6b40f82f4e2aa169cc89964f34f5',
    'web/src/main.tsx': '5e236061dccd8fcfb7dc5ef285af368ef82e820c4814c9bf376f8d4c136d2283',
    'web/src/style.css': 'ca6deceda2e01bf50b683fddfa47f00e05dcc0102cf4fb8328b14b46f5a51376',
  });
});

test('a build whose recorded inputs are all as they were is fresh', () => {
  assert.equal(whyStale(root, dist), undefined);
  // A file the bundle was not made from changes nothing.
  write('src/server-only.ts', 'export {};\n');
  write('web/src/unused.ts', 'export {};\n');
  assert.equal(whyStale(root, dist), undefined);
});

test('a change to any recorded file, server modules included, makes the build stale', () => {
  write('src/codes.ts', 'export const label = "Until fixed";\n');
  assert.equal(whyStale(root, dist), 'src/codes.ts changed');
  write('src/codes.ts', codes[1]);
  assert.equal(whyStale(root, dist), undefined);
  write('web/src/main.tsx', 'import "./codes";\nimport "./more";\n');
  assert.equal(whyStale(root, dist), 'web/src/main.tsx changed');
});

test('a recorded file gone, new dependencies or a new fixed input make the build stale', () => {
  unlinkSync(path.join(root, 'src/codes.ts'));
  assert.equal(whyStale(root, dist), 'src/codes.ts is gone');
  write('src/codes.ts', codes[1]);
  write('package-lock.json', '{"lockfileVersion":3}\n');
  assert.equal(whyStale(root, dist), 'package-lock.json changed');
  write('package-lock.json', lock[1]);
  write('web/vite.config.ts', 'export default {};\n');
  assert.equal(whyStale(root, dist), 'web/vite.config.ts is new');
  unlinkSync(path.join(root, 'web/vite.config.ts'));
  write('web/public/favicon.svg', '<svg/>\n');
  assert.equal(whyStale(root, dist), 'web/public/favicon.svg is new');
});

test('no build, or a build without a readable record, is stale', () => {
  unlinkSync(path.join(dist, '.vite/inputs.json'));
  assert.equal(whyStale(root, dist), 'no record of its inputs');
  write('web/dist/.vite/inputs.json', '{"files":');
  assert.equal(whyStale(root, dist), 'no record of its inputs');
  write('web/dist/.vite/inputs.json', '{"files":null}');
  assert.equal(whyStale(root, dist), 'no record of its inputs');
  unlinkSync(path.join(dist, 'index.html'));
  assert.equal(whyStale(root, dist), 'no build yet');
});

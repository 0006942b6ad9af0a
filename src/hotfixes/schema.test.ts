import assert from 'node:assert/strict';
import { test } from 'node:test';
import { branchPattern, hotfixBody, matchesPatterns, shaPattern } from './schema.ts';
import { maskedUrl } from './store.ts';

test('long-lived branch patterns: * matches within one path part', () => {
  const patterns = ['main', 'develop', 'release/*'];
  assert.equal(matchesPatterns('main', patterns), true);
  assert.equal(matchesPatterns('release/1.2', patterns), true);
  assert.equal(matchesPatterns('release/1.2/hotfix', patterns), false);
  assert.equal(matchesPatterns('mainline', patterns), false);
  assert.equal(matchesPatterns('feature/main', patterns), false);
  assert.equal(matchesPatterns('release.x', ['release.*']), true);
  assert.equal(matchesPatterns('releasex', ['release.x']), false, 'a dot is a dot');
});

test('SHAs are hex; branch names never start with "-"', () => {
  assert.equal(shaPattern.test('3f2c9e1'), true);
  assert.equal(shaPattern.test('3f2c9e'), false);
  assert.equal(shaPattern.test('3f2c9e1g'), false);
  assert.equal(branchPattern.test('hotfix/login'), true);
  assert.equal(branchPattern.test('-f'), false);
  assert.equal(branchPattern.test('a..b'), false);
  const parsed = hotfixBody.parse({ repository: 'api', branch: 'main', commits: [' ABCDEF1 '] });
  assert.deepEqual(parsed.commits, ['abcdef1']);
  assert.deepEqual(parsed.links, []);
});

test('a password in a clone URL is masked when shown', () => {
  assert.equal(
    maskedUrl('https://ci:s3cret@git.example.com/api.git'),
    'https://ci:***@git.example.com/api.git',
  );
  assert.equal(maskedUrl('https://git.example.com/api.git'), 'https://git.example.com/api.git');
  assert.equal(maskedUrl('git@github.com:acme/api.git'), 'git@github.com:acme/api.git');
});

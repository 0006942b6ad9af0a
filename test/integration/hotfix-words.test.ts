/** How the incident room words a hotfix's timeline entries: recorded with its commits, merged back. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEntry } from '../../web/src/pages/incident/timeline-text.ts';

const at = '2026-12-07T09:00:00.000Z';

test('a recorded hotfix names its branch, repository, short commits and pull requests', () => {
  const d = describeEntry({
    id: 1,
    at,
    kind: 'hotfix-recorded',
    actor: { id: '0193a0a0-0000-7000-8000-000000000001', name: 'Grace' },
    data: {
      hotfixId: '0193a0a0-0000-7000-8000-000000000002',
      repository: 'api',
      branch: 'hotfix/login',
      commits: ['3f2c9e1a7b5d4c3e2f1a0b9c8d7e6f5a4b3c2d1e'],
      links: ['https://github.com/acme/api/pull/412'],
    },
  });
  assert.equal(d.what, 'recorded a hotfix on hotfix/login of api');
  assert.deepEqual(d.lines, ['Commit: 3f2c9e1a7b', 'Pull request: https://github.com/acme/api/pull/412']);
});

test('a merge back found by Expedite is a sentence of its own', () => {
  const d = describeEntry({
    id: 2,
    at,
    kind: 'hotfix-merged-back',
    actor: null,
    data: {
      hotfixId: '0193a0a0-0000-7000-8000-000000000002',
      repository: 'api',
      target: 'develop',
      commit: 'd00dfeedd00dfeedd00dfeedd00dfeedd00dfeed',
    },
  });
  assert.equal(d.what, 'The hotfix is merged back into develop of api');
  assert.equal(d.sentence, true);
  assert.deepEqual(d.lines, ['Found at d00dfeedd0']);
});

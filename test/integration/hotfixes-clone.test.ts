/**
 * The clone Expedite keeps of a repository, asked for by several checks at once (a scheduled round
 * and "check now"): the first use creates it once and the fetches take turns.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fetchClone, remoteBranches } from '../../src/hotfixes/git.ts';
import { createGitScene, type GitScene } from '../helpers/git-repo.ts';

let scene: GitScene;
let dataDir: string;

before(() => {
  scene = createGitScene();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'expedite-clone-'));
});
after(() => {
  scene.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('six checks at once on a clone not made yet: all fetch, none trips on git locks', async () => {
  const dir = path.join(dataDir, 'repositories', 'api.git');
  const results = await Promise.allSettled(Array.from({ length: 6 }, () => fetchClone(dir, scene.origin)));
  assert.deepEqual(
    results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')),
    ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  );
  assert.deepEqual((await remoteBranches(dir)).sort(), ['develop', 'main']);
});

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { versionOf } from './from-change.ts';
import { mayMove } from './record.ts';
import { HookError, readGeneric, readGitHub, readGitLab, verifyDelivery } from './webhooks.ts';

const github = (status: Record<string, unknown>, deployment: Record<string, unknown> = {}) => ({
  deployment_status: { state: 'success', environment: 'production', target_url: '', ...status },
  deployment: {
    id: 7,
    sha: 'a1b2c3d4e5f6',
    ref: 'main',
    environment: 'production',
    payload: {},
    ...deployment,
  },
  repository: { full_name: 'acme/api', default_branch: 'main' },
  sender: { login: 'dana' },
});

test('GitHub states map to statuses; inactive records nothing', () => {
  assert.equal(readGitHub(github({ state: 'queued' })).status, 'started');
  assert.equal(readGitHub(github({ state: 'in_progress' })).status, 'started');
  assert.equal(readGitHub(github({ state: 'success' })).status, 'finished');
  assert.equal(readGitHub(github({ state: 'failure' })).status, 'failed');
  assert.equal(readGitHub(github({ state: 'error' })).status, 'failed');
  const inactive = readGitHub(github({ state: 'inactive' }));
  assert.equal(inactive.status, null);
  assert.equal(inactive.reason, 'state inactive records nothing');
});

test('GitHub version: payload.version, else a ref that is not the default branch, else the short commit', () => {
  assert.equal(readGitHub(github({}, { payload: { version: 'v4.2.2' } })).version, 'v4.2.2');
  assert.equal(readGitHub(github({}, { ref: 'v4.2.1' })).version, 'v4.2.1');
  assert.equal(readGitHub(github({})).version, 'a1b2c3d');
  assert.equal(readGitHub(github({ environment: '  ' }, { environment: '' })).environment, 'production');
  assert.equal(readGitHub(github({ target_url: 'javascript:alert(1)' })).url, null);
  assert.equal(
    readGitHub(github({ target_url: 'https://ci.example.com/1' })).url,
    'https://ci.example.com/1',
  );
});

test('GitLab: canceled is failed, running is started; a body of another kind is refused', () => {
  const base = {
    object_kind: 'deployment',
    status: 'running',
    deployment_id: 3,
    environment: 'production',
    project: { path_with_namespace: 'acme/api' },
    short_sha: '279484c0',
  };
  assert.equal(readGitLab(base).status, 'started');
  assert.equal(readGitLab({ ...base, status: 'canceled' }).status, 'failed');
  assert.throws(() => readGitLab({ ...base, object_kind: 'pipeline' }), HookError);
});

test('the generic form needs a version, and rolledBackTo with a rollback', () => {
  assert.throws(() => readGeneric({ status: 'finished' }), /body\.version/);
  assert.throws(() => readGeneric({ version: 'v1', status: 'rolled-back' }), /rolledBackTo/);
  assert.equal(readGeneric({ version: 'v1' }).environment, 'production');
});

test('signatures: GitHub HMAC over the raw bytes, GitLab token, generic bearer', () => {
  const body = Buffer.from('{"a":1}');
  const sig = `sha256=${createHmac('sha256', 'shh-secret').update(body).digest('hex')}`;
  verifyDelivery('github', 'shh-secret', { 'x-hub-signature-256': sig }, body);
  assert.throws(
    () => verifyDelivery('github', 'shh-secret', { 'x-hub-signature-256': sig }, Buffer.from('{"a":2}')),
    /does not match/,
  );
  assert.throws(() => verifyDelivery('github', 'shh-secret', {}, body), /missing/);
  verifyDelivery('gitlab', 'tok', { 'x-gitlab-token': 'tok' }, body);
  assert.throws(() => verifyDelivery('gitlab', 'tok', { 'x-gitlab-token': 'tok2' }, body), HookError);
  verifyDelivery('generic', 'bear', { authorization: 'Bearer bear' }, body);
  assert.throws(() => verifyDelivery('generic', 'bear', { authorization: 'Basic bear' }, body), HookError);
});

test('statuses move forward only; a rollback needs an outcome', () => {
  assert.equal(mayMove('started', 'finished'), true);
  assert.equal(mayMove('finished', 'started'), false);
  assert.equal(mayMove('finished', 'failed'), false);
  assert.equal(mayMove('started', 'rolled-back'), false);
  assert.equal(mayMove('failed', 'rolled-back'), true);
  assert.equal(mayMove('rolled-back', 'finished'), false);
});

test('a change event’s version: custom_details.version, else a version in the summary', () => {
  assert.equal(versionOf('Deploy api', { version: 'v9' }), 'v9');
  assert.equal(versionOf('Deploy checkout v2.14.0 to prod', null), 'v2.14.0');
  assert.equal(versionOf('Config change', null), 'Config change');
});

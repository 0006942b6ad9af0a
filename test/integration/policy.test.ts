import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defaultPolicy } from '../../src/classification/policy.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

test('the documented defaults are in force until an admin changes them', async () => {
  const res = await t.call('stakeholder', { method: 'GET', url: '/api/v1/policy' });
  assert.equal(res.status, 200);
  assert.equal(res.body.version, 0);
  // Written out from the README, not imported: a changed default must fail here.
  assert.deepEqual(res.body.policy, {
    matrix: {
      ALL: { ALLBLOCK: 'P1', FBLOCK: 'P1', FBEHAV: 'P2' },
      'ALL-USERS': { ALLBLOCK: 'P1', FBLOCK: 'P2', FBEHAV: 'P3' },
      'ALL-ADMINS': { ALLBLOCK: 'P1', FBLOCK: 'P2', FBEHAV: 'P3' },
      USERS: { ALLBLOCK: 'P2', FBLOCK: 'P2', FBEHAV: 'P3' },
      ADMINS: { ALLBLOCK: 'P2', FBLOCK: 'P3', FBEHAV: 'P4' },
      'S-USER': { ALLBLOCK: 'P3', FBLOCK: 'P3', FBEHAV: 'P4' },
      'S-ADMIN': { ALLBLOCK: 'P3', FBLOCK: 'P4', FBEHAV: 'P4' },
    },
    impactModifiers: { none: 1, low: 0, medium: 0, high: -1 },
    expediteThreshold: 'P2',
    backlogThreshold: 'P4',
  });
});

test('admins change the policy with a reason; it is audited and applies to new declarations and reclassification', async () => {
  const before = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Report export broken', scope: 'ADMINS', criticality: 'FBLOCK' },
  });
  assert.equal(before.body.urgency, 'P3');

  const policy = structuredClone(defaultPolicy);
  policy.matrix.ADMINS.FBLOCK = 'P2';
  const denied = await t.call('responder', {
    method: 'PUT',
    url: '/api/v1/policy',
    payload: { policy, reason: 'x' },
  });
  assert.equal(denied.status, 403);
  const noReason = await t.call('admin', { method: 'PUT', url: '/api/v1/policy', payload: { policy } });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.body.error.details[0].field, 'body.reason');
  const put = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/policy',
    payload: { policy, reason: 'Admins run payroll on exports' },
  });
  assert.equal(put.status, 200);
  assert.equal(put.body.version, 1);

  const after = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: 'Invoice export broken', scope: 'ADMINS', criticality: 'FBLOCK' },
  });
  assert.equal(after.body.urgency, 'P2');
  assert.equal(after.body.decision, 'expedite');
  const old = await t.call('stakeholder', { method: 'GET', url: `/api/v1/incidents/${before.body.number}` });
  assert.equal(old.body.urgency, 'P3', 'existing incidents keep their urgency until reclassified');
  const re = await t.call('responder', {
    method: 'PATCH',
    url: `/api/v1/incidents/${before.body.number}/classification`,
    payload: { area: 'BE' },
  });
  assert.equal(re.body.urgency, 'P2');

  const history = await t.call('admin', { method: 'GET', url: '/api/v1/policy/history' });
  assert.equal(history.body.items[0].action, 'policy.update');
  assert.equal(history.body.items[0].data.reason, 'Admins run payroll on exports');
  assert.equal(history.body.items[0].data.before.matrix.ADMINS.FBLOCK, 'P3');
  assert.equal(history.body.items[0].data.after.matrix.ADMINS.FBLOCK, 'P2');
});

test('an inconsistent policy is refused naming the field', async () => {
  const policy = { ...defaultPolicy, expediteThreshold: 'P3', backlogThreshold: 'P2' };
  const res = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/policy',
    payload: { policy, reason: 'oops' },
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.details[0].field, 'body.policy.backlogThreshold');
  const missing = await t.call('admin', {
    method: 'PUT',
    url: '/api/v1/policy',
    payload: { policy: { ...defaultPolicy, matrix: {} }, reason: 'oops' },
  });
  assert.equal(missing.status, 400);
  assert.match(missing.body.error.details[0].field, /^body\.policy\.matrix\./);
});

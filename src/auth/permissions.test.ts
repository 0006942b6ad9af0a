import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedAllows, matrixRoles, roleMatrix } from '../../test/helpers/role-matrix.ts';
import { allows, grants, permissions, roles } from './permissions.ts';

test('the roles and permissions are the ones the matrix lists', () => {
  assert.deepEqual(roles, ['admin', 'responder', 'support', 'stakeholder']);
  assert.deepEqual(matrixRoles, roles);
  assert.deepEqual(permissions, [
    'public',
    'signed-in',
    'incidents:read',
    'incidents:declare',
    'incidents:work',
    'policy:write',
    'integrations:manage',
    'paging:manage',
    'incidents:acknowledge',
    'reports:file',
    'users:read',
    'users:manage',
    'audit:read',
    'status-pages:manage',
  ]);
  assert.deepEqual(Object.keys(roleMatrix), permissions, 'every permission has a row');
});

test('each role holds exactly the permissions of the written-out matrix', () => {
  for (const permission of permissions)
    for (const role of roles)
      assert.equal(
        allows(role, permission),
        expectedAllows(role, permission),
        `${role} ${expectedAllows(role, permission) ? 'may' : 'must not'} ${permission}`,
      );
});

test('the grants in words: support reports and reads, stakeholders read incidents but not the people list, responders work but do not administer', () => {
  assert.deepEqual([...grants.stakeholder].sort(), ['incidents:read', 'signed-in']);
  assert.deepEqual([...grants.support].sort(), [
    'incidents:declare',
    'incidents:read',
    'reports:file',
    'signed-in',
    'users:read',
  ]);
  assert.deepEqual([...grants.responder].sort(), [
    'incidents:acknowledge',
    'incidents:declare',
    'incidents:read',
    'incidents:work',
    'reports:file',
    'signed-in',
    'users:read',
  ]);
  assert.equal(grants.admin.size, 14);
});

test('signed out, only public routes are open', () => {
  for (const permission of permissions)
    assert.equal(allows(undefined, permission), permission === 'public', permission);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { criticalities, scopes } from './codes.ts';
import { assess, decide, defaultPolicy, policyUrgency, tagline, type Classification } from './policy.ts';

const unknownImpact = { conversion: null, experience: null, revenue: null };
const c = (over: Partial<Classification>): Classification => ({
  scope: null,
  criticality: null,
  area: null,
  impact: unknownImpact,
  ...over,
});

test('the tagline follows seed 004, or shows the known part', () => {
  assert.equal(
    tagline(
      c({ scope: 'ADMINS', criticality: 'FBLOCK', area: 'FE' }),
      'Clicking on user details gives an error',
    ),
    'ADMINS-FBLOCK-FE: Clicking on user details gives an error',
  );
  assert.equal(tagline(c({ scope: 'ADMINS', criticality: 'FBLOCK' }), 'x'), 'ADMINS-FBLOCK: x');
  assert.equal(tagline(c({ area: 'DEVOPS' }), 'x'), 'DEVOPS: x');
  assert.equal(tagline(c({}), 'x'), 'x');
});

test('the default matrix never makes a wider or more blocking problem less urgent', () => {
  const rank = (u: string | null) => Number(u?.slice(1));
  for (const s of scopes) {
    for (let i = 1; i < criticalities.length; i++) {
      const more = policyUrgency(defaultPolicy, c({ scope: s, criticality: criticalities[i - 1]! }));
      const less = policyUrgency(defaultPolicy, c({ scope: s, criticality: criticalities[i]! }));
      assert.ok(rank(more) <= rank(less), `${s}: ${criticalities[i - 1]} vs ${criticalities[i]}`);
    }
  }
  assert.equal(policyUrgency(defaultPolicy, c({ scope: 'ALL', criticality: 'ALLBLOCK' })), 'P1');
  assert.equal(policyUrgency(defaultPolicy, c({ scope: 'S-ADMIN', criticality: 'FBEHAV' })), 'P4');
});

test('the strongest business impact moves urgency, clamped to P1–P4', () => {
  const base = { scope: 'USERS', criticality: 'FBEHAV' } as const;
  assert.equal(policyUrgency(defaultPolicy, c(base)), 'P3');
  assert.equal(
    policyUrgency(defaultPolicy, c({ ...base, impact: { ...unknownImpact, revenue: 'high' } })),
    'P2',
  );
  assert.equal(
    policyUrgency(
      defaultPolicy,
      c({ ...base, impact: { conversion: 'none', experience: 'none', revenue: 'none' } }),
    ),
    'P4',
  );
  assert.equal(
    policyUrgency(
      defaultPolicy,
      c({ ...base, impact: { conversion: 'none', experience: 'high', revenue: 'low' } }),
    ),
    'P2',
    'the strongest impact wins',
  );
  assert.equal(
    policyUrgency(
      defaultPolicy,
      c({ scope: 'ALL', criticality: 'ALLBLOCK', impact: { ...unknownImpact, revenue: 'high' } }),
    ),
    'P1',
  );
  assert.equal(
    policyUrgency(
      defaultPolicy,
      c({ scope: 'S-ADMIN', criticality: 'FBEHAV', impact: { ...unknownImpact, revenue: 'none' } }),
    ),
    'P4',
  );
});

test('decisions: expedite at or above the threshold, backlog at or below, the product owner between or when unknown', () => {
  assert.equal(decide(defaultPolicy, 'P1'), 'expedite');
  assert.equal(decide(defaultPolicy, 'P2'), 'expedite');
  assert.equal(decide(defaultPolicy, 'P3'), 'product-owner');
  assert.equal(decide(defaultPolicy, 'P4'), 'backlog');
  assert.equal(decide(defaultPolicy, null), 'product-owner');
  const strict = { ...defaultPolicy, expediteThreshold: 'P1', backlogThreshold: 'P3' } as const;
  assert.equal(decide(strict, 'P2'), 'product-owner');
  assert.equal(decide(strict, 'P3'), 'backlog');
});

test('a hand-set urgency wins over the policy', () => {
  const a = assess(defaultPolicy, c({ scope: 'S-ADMIN', criticality: 'FBEHAV' }), 'x', 'P1');
  assert.deepEqual(a, { tagline: 'S-ADMIN-FBEHAV: x', urgency: 'P1', decision: 'expedite' });
});

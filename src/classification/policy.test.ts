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

/** The README's default matrix, written out: columns ALLBLOCK, FBLOCK, FBEHAV. */
const readmeMatrix = {
  ALL: ['P1', 'P1', 'P2'],
  'ALL-USERS': ['P1', 'P2', 'P3'],
  'ALL-ADMINS': ['P1', 'P2', 'P3'],
  USERS: ['P2', 'P2', 'P3'],
  ADMINS: ['P2', 'P3', 'P4'],
  'S-USER': ['P3', 'P3', 'P4'],
  'S-ADMIN': ['P3', 'P4', 'P4'],
} as const;

test('the default matrix is the one in the README, cell by cell', () => {
  assert.deepEqual(defaultPolicy.matrix, {
    ALL: { ALLBLOCK: 'P1', FBLOCK: 'P1', FBEHAV: 'P2' },
    'ALL-USERS': { ALLBLOCK: 'P1', FBLOCK: 'P2', FBEHAV: 'P3' },
    'ALL-ADMINS': { ALLBLOCK: 'P1', FBLOCK: 'P2', FBEHAV: 'P3' },
    USERS: { ALLBLOCK: 'P2', FBLOCK: 'P2', FBEHAV: 'P3' },
    ADMINS: { ALLBLOCK: 'P2', FBLOCK: 'P3', FBEHAV: 'P4' },
    'S-USER': { ALLBLOCK: 'P3', FBLOCK: 'P3', FBEHAV: 'P4' },
    'S-ADMIN': { ALLBLOCK: 'P3', FBLOCK: 'P4', FBEHAV: 'P4' },
  });
  // And through the function the server and the web app use, with no impact known.
  for (const [scope, row] of Object.entries(readmeMatrix)) {
    for (const [i, criticality] of (['ALLBLOCK', 'FBLOCK', 'FBEHAV'] as const).entries())
      assert.equal(
        policyUrgency(defaultPolicy, c({ scope: scope as keyof typeof readmeMatrix, criticality })),
        row[i],
        `${scope} × ${criticality}`,
      );
  }
});

test('the default modifiers and thresholds: high raises one level, none lowers one, P2 expedites, P4 waits', () => {
  assert.deepEqual(defaultPolicy.impactModifiers, { none: 1, low: 0, medium: 0, high: -1 });
  assert.equal(defaultPolicy.expediteThreshold, 'P2');
  assert.equal(defaultPolicy.backlogThreshold, 'P4');
});

test('no urgency while scope or criticality is unknown, whatever the impact', () => {
  const high = { conversion: 'high', experience: null, revenue: null } as const;
  assert.equal(policyUrgency(defaultPolicy, c({ criticality: 'ALLBLOCK', impact: high })), null);
  assert.equal(policyUrgency(defaultPolicy, c({ scope: 'ALL', impact: high })), null);
  assert.equal(policyUrgency(defaultPolicy, c({})), null);
  assert.deepEqual(assess(defaultPolicy, c({ scope: 'ALL' }), 'x'), {
    tagline: 'ALL: x',
    urgency: null,
    decision: 'product-owner',
  });
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
      c({ ...base, impact: { conversion: 'medium', experience: null, revenue: 'none' } }),
    ),
    'P3',
    'medium outweighs none and leaves the level as it is',
  );
  assert.equal(
    policyUrgency(
      defaultPolicy,
      c({ ...base, impact: { conversion: 'low', experience: null, revenue: null } }),
    ),
    'P3',
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

test('assess applies the policy when nothing is set by hand', () => {
  const a = assess(
    defaultPolicy,
    c({ scope: 'USERS', criticality: 'FBLOCK', area: 'BE' }),
    'Checkout fails',
    null,
  );
  assert.deepEqual(a, { tagline: 'USERS-FBLOCK-BE: Checkout fails', urgency: 'P2', decision: 'expedite' });
  const custom = {
    ...defaultPolicy,
    matrix: { ...defaultPolicy.matrix, USERS: { ALLBLOCK: 'P1', FBLOCK: 'P4', FBEHAV: 'P4' } },
  } as const;
  assert.deepEqual(assess(custom, c({ scope: 'USERS', criticality: 'FBLOCK' }), 'y'), {
    tagline: 'USERS-FBLOCK: y',
    urgency: 'P4',
    decision: 'backlog',
  });
});

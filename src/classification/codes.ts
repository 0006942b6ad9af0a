/**
 * The seed classification (seed 004) and business impact (seeds 000/001), with plain-language
 * labels for every code. Pure data: shared by the server, the CLI and the web app.
 */
export const scopes = ['ALL', 'ALL-USERS', 'ALL-ADMINS', 'USERS', 'ADMINS', 'S-USER', 'S-ADMIN'] as const;
export type Scope = (typeof scopes)[number];

export const criticalities = ['ALLBLOCK', 'FBLOCK', 'FBEHAV'] as const;
export type Criticality = (typeof criticalities)[number];

export const areas = ['FE', 'BE', 'FEBE', 'DEVOPS'] as const;
export type Area = (typeof areas)[number];

export const impactLevels = ['none', 'low', 'medium', 'high'] as const;
export type ImpactLevel = (typeof impactLevels)[number];

export const lifespans = ['minutes', 'hours', 'days', 'weeks', 'until-fixed'] as const;
export type Lifespan = (typeof lifespans)[number];

export const urgencies = ['P1', 'P2', 'P3', 'P4'] as const;
export type Urgency = (typeof urgencies)[number];

export const decisions = ['expedite', 'backlog', 'product-owner'] as const;
export type Decision = (typeof decisions)[number];

/** Plain-language labels, for people who do not know the codes. */
export const labels = {
  scope: {
    ALL: 'All customers and admins',
    'ALL-USERS': 'All customers',
    'ALL-ADMINS': 'All admins',
    USERS: 'Only some customers',
    ADMINS: 'Only some admins',
    'S-USER': 'One customer',
    'S-ADMIN': 'One admin',
  },
  criticality: {
    ALLBLOCK: 'Blocked from using the application',
    FBLOCK: "A feature doesn't work",
    FBEHAV: 'A feature misbehaves but is usable',
  },
  area: {
    FE: 'Front end',
    BE: 'Back end',
    FEBE: 'Front end and back end',
    DEVOPS: 'Infrastructure / DevOps',
  },
  impact: { none: 'None', low: 'Low', medium: 'Medium', high: 'High' },
  lifespan: {
    minutes: 'Minutes',
    hours: 'Hours',
    days: 'Days',
    weeks: 'Weeks',
    'until-fixed': 'Until it is fixed',
  },
  decision: {
    expedite: 'Expedite now',
    backlog: 'Normal backlog',
    'product-owner': 'Ask the product owner',
  },
} as const satisfies {
  scope: Record<Scope, string>;
  criticality: Record<Criticality, string>;
  area: Record<Area, string>;
  impact: Record<ImpactLevel, string>;
  lifespan: Record<Lifespan, string>;
  decision: Record<Decision, string>;
};

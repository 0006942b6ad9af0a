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

/**
 * Short lower-case phrases for one line beside a tagline ("Some admins · a feature is blocked ·
 * front end"), so that a reader who does not know the codes understands them where they appear.
 */
export const phrases = {
  scope: {
    ALL: 'everyone',
    'ALL-USERS': 'all customers',
    'ALL-ADMINS': 'all admins',
    USERS: 'some customers',
    ADMINS: 'some admins',
    'S-USER': 'one customer',
    'S-ADMIN': 'one admin',
  },
  criticality: {
    ALLBLOCK: 'the application is blocked',
    FBLOCK: 'a feature is blocked',
    FBEHAV: 'a feature misbehaves',
  },
  area: { FE: 'front end', BE: 'back end', FEBE: 'front end and back end', DEVOPS: 'infrastructure' },
  urgency: { P1: 'critical', P2: 'high', P3: 'medium', P4: 'low' },
} as const satisfies {
  scope: Record<Scope, string>;
  criticality: Record<Criticality, string>;
  area: Record<Area, string>;
  urgency: Record<Urgency, string>;
};

/** The known part of a classification in words, first letter capitalised; '' when nothing is known. */
export function plainWords(c: {
  scope: Scope | null;
  criticality: Criticality | null;
  area: Area | null;
}): string {
  const words: string[] = [];
  if (c.scope) words.push(phrases.scope[c.scope]);
  if (c.criticality) words.push(phrases.criticality[c.criticality]);
  if (c.area) words.push(phrases.area[c.area]);
  const line = words.join(' · ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** The words of any classification or urgency code ("ADMINS" → "some admins"), or undefined. */
export function codeWords(code: string): string | undefined {
  for (const map of Object.values(phrases) as Record<string, string>[])
    if (Object.hasOwn(map, code)) return map[code];
  return undefined;
}

const codesOf = (list: readonly string[], code: string) => list.includes(code);

/**
 * The plain words of a tagline's codes ("ADMINS-FBLOCK-FE: Checkout fails" → "Some admins · a
 * feature is blocked · front end"); '' when it starts with no codes. Scopes may hold a hyphen
 * ("ALL-USERS"), so two parts are tried before one.
 */
export function taglineWords(tagline: string): string {
  const prefix = /^([A-Z-]+): /.exec(tagline)?.[1];
  if (!prefix) return '';
  const c: { scope: Scope | null; criticality: Criticality | null; area: Area | null } = {
    scope: null,
    criticality: null,
    area: null,
  };
  const parts = prefix.split('-');
  for (let i = 0; i < parts.length; i++) {
    const two = `${parts[i]}-${parts[i + 1]}`;
    if (i + 1 < parts.length && codesOf(scopes, two)) {
      c.scope = two as Scope;
      i++;
    } else if (codesOf(scopes, parts[i]!)) c.scope = parts[i] as Scope;
    else if (codesOf(criticalities, parts[i]!)) c.criticality = parts[i] as Criticality;
    else if (codesOf(areas, parts[i]!)) c.area = parts[i] as Area;
    else return '';
  }
  return plainWords(c);
}

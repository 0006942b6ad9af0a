/**
 * Roles and permissions. Every route declares one permission in its `config.permission`; the auth
 * plugin refuses to register a route without one and checks it on every request.
 */
export const roles = ['admin', 'responder', 'support', 'stakeholder'] as const;
/** A person's role in the organisation. */
export type Role = (typeof roles)[number];

/** What a route needs. `public` needs nothing; `signed-in` needs any user. */
export const permissions = [
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
] as const;
export type Permission = (typeof permissions)[number];

const reader: Permission[] = ['signed-in', 'incidents:read'];

/**
 * Which role holds which permission. `support` reports and reads; `stakeholder` reads incidents
 * only: not the people list (everyone's email) nor filing reports.
 */
export const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(permissions),
  responder: new Set([
    ...reader,
    'users:read',
    'incidents:declare',
    'incidents:work',
    'incidents:acknowledge',
    'reports:file',
  ]),
  support: new Set([...reader, 'users:read', 'incidents:declare', 'reports:file']),
  stakeholder: new Set(reader),
};

/** True when `role` may do what `permission` guards. */
export function allows(role: Role | undefined, permission: Permission): boolean {
  if (permission === 'public') return true;
  return role !== undefined && grants[role].has(permission);
}

/**
 * Each role in plain words: its name and what its grants allow, for people choosing a role (the
 * web app's people page). Kept beside `grants` so that a change to one shows the other.
 */
export const roleWords: Record<Role, { label: string; can: string }> = {
  admin: { label: 'Admin', can: 'everything, including people, tokens and the urgency policy' },
  responder: { label: 'Responder', can: 'declares and works incidents' },
  support: { label: 'Support', can: 'reports incidents and reads' },
  stakeholder: { label: 'Stakeholder', can: 'reads incidents, not the people list' },
};

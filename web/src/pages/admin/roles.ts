// What each role may do, in plain words, for the people page's choices and confirmations.
import type { Role } from '../../api/types.ts';

/** Roles from most to least access. */
export const roleOrder: Role[] = ['admin', 'responder', 'support', 'stakeholder'];

/** Role name and what it allows. */
export const roleInfo: Record<Role, { label: string; can: string }> = {
  admin: { label: 'Admin', can: 'everything, including people, tokens and the urgency policy' },
  responder: { label: 'Responder', can: 'declares and works incidents' },
  support: { label: 'Support', can: 'reports incidents and reads' },
  stakeholder: { label: 'Stakeholder', can: 'reads incidents' },
};

/** Options for a role select, e.g. "Responder — declares and works incidents". */
export const roleOptions = roleOrder.map((r) => ({
  value: r,
  label: `${roleInfo[r].label} — ${roleInfo[r].can}`,
}));

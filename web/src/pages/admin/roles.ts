// The roles as the people page offers them, in the server's order (most to least access) and words.
import { roles, roleWords } from '../../lib/permissions.ts';

/** Options for a role select, e.g. "Responder — declares and works incidents". */
export const roleOptions = roles.map((r) => ({
  value: r,
  label: `${roleWords[r].label} — ${roleWords[r].can}`,
}));

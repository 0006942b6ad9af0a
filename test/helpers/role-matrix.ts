/**
 * Who may do what, written out by hand: the expected values for the permission tests (unit and
 * integration). Deliberately not derived from `grants` or `allows()`, so that a change to the code,
 * such as a responder gaining an admin permission, fails a test until this table is changed too.
 */
const Y = true;
const N = false;

/** permission → [admin, responder, support, stakeholder]. */
export const roleMatrix = {
  public: [Y, Y, Y, Y],
  'signed-in': [Y, Y, Y, Y],
  'incidents:read': [Y, Y, Y, Y],
  'incidents:declare': [Y, Y, Y, N],
  'incidents:work': [Y, Y, N, N],
  'policy:write': [Y, N, N, N],
  'integrations:manage': [Y, N, N, N],
  'paging:manage': [Y, N, N, N],
  'incidents:acknowledge': [Y, Y, N, N],
  'reports:file': [Y, Y, Y, N],
  'users:read': [Y, Y, Y, N],
  'users:manage': [Y, N, N, N],
  'audit:read': [Y, N, N, N],
  'status-pages:manage': [Y, N, N, N],
} as const;

/** The roles in the order of the table's columns. */
export const matrixRoles = ['admin', 'responder', 'support', 'stakeholder'] as const;

/** Whether `role` holds `permission` according to the table. */
export function expectedAllows(
  role: (typeof matrixRoles)[number],
  permission: keyof typeof roleMatrix,
): boolean {
  return roleMatrix[permission][matrixRoles.indexOf(role)]!;
}

// Who may do what, from the server's own roles and grants, so that the app offers exactly what
// the API allows (it still refuses anything else).
export { allows, roles, roleWords } from '../../../src/auth/permissions.ts';
export type { Permission, Role } from '../../../src/auth/permissions.ts';

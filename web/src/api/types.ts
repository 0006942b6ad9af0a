// The API's types, taken from the server's own zod schemas (type-only imports: nothing of the
// server is bundled). One source of truth: a schema change is a compile error here.
import type { z } from 'zod';
import type { User, ApiToken } from '../../../src/auth/schema.ts';
import type {
  Incident,
  Task,
  TimeEntry,
  TimelineEntry,
  Status,
  IncidentRole,
} from '../../../src/incidents/schema.ts';
import type { declareBody, classifyBody, listQuery } from '../../../src/incidents/schema.ts';
import type { PolicyVersion } from '../../../src/policy/store.ts';
import type { AuditEntry } from '../../../src/audit/store.ts';

export type {
  User,
  ApiToken,
  Incident,
  Task,
  TimeEntry,
  TimelineEntry,
  Status,
  IncidentRole,
  PolicyVersion,
  AuditEntry,
};
export type { Role } from '../../../src/auth/permissions.ts';
export type { UrgencyPolicy, Classification } from '../../../src/classification/policy.ts';
export type DeclareBody = z.input<typeof declareBody>;
export type ClassifyBody = z.input<typeof classifyBody>;
export type ListQuery = Partial<z.input<typeof listQuery>>;

/** A page of incidents. */
export interface IncidentPage {
  items: Incident[];
  nextCursor: string | null;
}

/** The API's one error shape. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

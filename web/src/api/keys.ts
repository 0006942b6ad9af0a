// Query keys in one place, so live updates invalidate exactly what a change touches.
import type { ListQuery } from './types.ts';

export const keys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  policy: ['policy'] as const,
  incidents: ['incidents'] as const,
  incidentList: (q: ListQuery) => ['incidents', 'list', q] as const,
  incident: (ref: string) => ['incidents', 'one', ref] as const,
  timeline: (ref: string) => ['incidents', 'timeline', ref] as const,
  tasks: (ref: string) => ['incidents', 'tasks', ref] as const,
  time: (ref: string) => ['incidents', 'time', ref] as const,
};

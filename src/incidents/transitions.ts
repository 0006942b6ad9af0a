/**
 * Which status may follow which: triage → investigating → fixing → monitoring → resolved → closed,
 * with backlogged and declined as exits. Pure data, shared by the server (which enforces it) and
 * the web app (which offers only these moves).
 */
import type { Status } from './schema.ts';

/** Allowed next statuses for each status. */
export const transitions: Record<Status, readonly Status[]> = {
  triage: ['investigating', 'fixing', 'backlogged', 'declined'],
  investigating: ['fixing', 'monitoring', 'resolved', 'backlogged', 'declined'],
  fixing: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['fixing', 'investigating', 'resolved'],
  resolved: ['closed', 'investigating'],
  backlogged: ['triage', 'investigating', 'closed'],
  declined: ['triage', 'closed'],
  closed: [],
};

/**
 * An edit of a schedule as the API takes it, pure: when it applies (the next handoff by default,
 * now, or a given instant not in the past) and what it looks like before it is saved.
 */
import { z } from 'zod';
import { invalidField } from '../errors.ts';
import { nextHandoff, onCallAt, shifts } from './on-call.ts';
import type { Schedule } from './schema.ts';
import { applyEdit } from './versions.ts';

const DAY = 86_400_000;
/** How far ahead a preview shows shifts. */
const PREVIEW_DAYS = 14;

/** When an edit applies, as the request says it: 'next-handoff', 'now' or an ISO instant. */
export type ApplyFrom = string | undefined;

/** The definition to store and when its layers apply (null for a new schedule: from always). */
export function editFor(
  prev: Schedule | undefined,
  next: Schedule,
  applyFrom: ApplyFrom,
  now: Date,
): { definition: Schedule; appliesFrom: Date | null } {
  const fresh = { ...next };
  delete fresh.earlier;
  if (!prev) return { definition: fresh, appliesFrom: null };
  const at = momentOf(prev, applyFrom, now);
  return { definition: applyEdit(prev, fresh, now.getTime(), at.getTime()), appliesFrom: at };
}

function momentOf(prev: Schedule, applyFrom: ApplyFrom, now: Date): Date {
  if (applyFrom === 'now') return now;
  if (applyFrom === undefined || applyFrom === 'next-handoff') return nextHandoff(prev, now) ?? now;
  const at = new Date(applyFrom);
  if (at < now) throw invalidField('body.applyFrom', 'must not be in the past');
  return at;
}

const shiftView = z.object({
  userId: z.string(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  layerId: z.string(),
});
const sideView = z.object({ onCallNow: z.array(z.string()), shifts: z.array(shiftView) });

export const previewView = z
  .object({
    appliesFrom: z.iso.datetime().describe('When the change would take effect'),
    before: sideView.describe('As the schedule is'),
    after: sideView.describe('As it would be after the change'),
  })
  .meta({ id: 'SchedulePreview' });

/** Who is on call now and the next 14 days' shifts, before and after the edit. */
export function previewOf(prev: Schedule, next: Schedule, applyFrom: ApplyFrom, now: Date) {
  const { definition, appliesFrom } = editFor(prev, next, applyFrom, now);
  const to = new Date(now.getTime() + PREVIEW_DAYS * DAY);
  const side = (s: Schedule) => ({
    onCallNow: onCallAt(s, now).userIds,
    shifts: shifts(s, now, to).map((x) => ({ ...x, start: x.start.toISOString(), end: x.end.toISOString() })),
  });
  return { appliesFrom: (appliesFrom ?? now).toISOString(), before: side(prev), after: side(definition) };
}

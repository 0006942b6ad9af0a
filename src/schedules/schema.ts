/**
 * Types and validation for on-call schedules: rotation layers, overrides and business hours. All
 * local times ('HH:MM', 'YYYY-MM-DD') are wall-clock times in the schedule's IANA time zone.
 */
import { z } from 'zod';
import { isValidTimeZone, parseLocalDate } from './zoned-time.ts';

/** A wall-clock time 'HH:MM' (00:00–23:59). */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00–23:59)')
  .meta({ example: '09:00' });

/** A window end: 'HH:MM', or '24:00' for the end of the day. */
const windowEndSchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM (00:00–24:00)')
  .meta({ example: '18:00' });

/** A local calendar date 'YYYY-MM-DD' that exists. */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isDate, { message: 'no such date' })
  .meta({ example: '2026-01-05' });

function isDate(s: string): boolean {
  try {
    parseLocalDate(s);
    return true;
  } catch {
    return false;
  }
}

const isoWeekdays = z
  .array(z.number().int().min(1).max(7))
  .min(1)
  .refine((days) => new Set(days).size === days.length, { message: 'days must be distinct' })
  .describe('ISO weekdays: 1 = Monday … 7 = Sunday');

/**
 * A recurring local window: on each listed day from `start` until `end`. When `end` is not after
 * `start` the window runs into the next day (18:00–09:00 is overnight; 00:00–00:00 is 24 hours);
 * `days` are the days on which windows begin.
 */
export const weeklyWindowSchema = z.object({
  days: isoWeekdays,
  start: timeOfDaySchema,
  end: windowEndSchema,
});

/** How often a layer hands off: every day or week at the local handoff time, or every N real hours. */
export const rotationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily') }),
  z.object({ kind: z.literal('weekly') }),
  z.object({
    kind: z.literal('custom'),
    hours: z
      .number()
      .min(1)
      .max(24 * 366)
      .describe('Fixed shift length in real (elapsed) hours; does not follow DST'),
  }),
]);

/** A rotation layer: users take turns in order, starting at `start` + `handoffTime`. */
export const layerSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
      .refine((id) => id !== 'override', { message: '"override" is reserved' }),
    name: z.string().min(1).max(200),
    users: z.array(z.string().min(1).max(200)).min(1).max(500).describe('User ids in rotation order'),
    rotation: rotationSchema,
    handoffTime: timeOfDaySchema.describe('Local wall-clock time of each handoff'),
    handoffDay: z
      .number()
      .int()
      .min(1)
      .max(7)
      .optional()
      .describe('Weekly only: ISO weekday of the handoff (default: the weekday of start)'),
    start: localDateSchema.describe('Local date of the first handoff'),
    restrictions: z
      .array(weeklyWindowSchema)
      .max(50)
      .optional()
      .describe('When present, the layer has someone on call only inside these local windows'),
    offset: z
      .number()
      .int()
      .min(0)
      .max(499)
      .optional()
      .describe(
        'Rotation position: shift k goes to users[(k + offset) mod n]. Set by the server when an edit applies, so the order carries on',
      ),
  })
  .refine((l) => l.handoffDay === undefined || l.rotation.kind === 'weekly', {
    message: 'handoffDay applies to weekly rotations only',
    path: ['handoffDay'],
  });

/** Someone on call instead of the layers from `start` to `end` (ISO instants). */
export const overrideSchema = z
  .object({
    id: z.string().min(1).max(100).optional(),
    userId: z.string().min(1).max(200),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    replaces: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Only stand in for this user, when the layers have them on call'),
  })
  .refine((o) => Date.parse(o.end) > Date.parse(o.start), {
    message: 'end must be after start',
    path: ['end'],
  });

const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'unknown time zone' })
  .meta({ example: 'Europe/Amsterdam' });

const uniqueLayerIds = (s: { layers: { id: string }[] }) =>
  new Set(s.layers.map((l) => l.id)).size === s.layers.length;

/** An earlier version of a schedule's layers, in force until `until` (kept so past shifts stay). */
export const versionSchema = z
  .object({
    until: z.iso.datetime({ offset: true }),
    timeZone: timeZoneSchema,
    layers: z.array(layerSchema).max(20),
    businessHours: weeklyWindowSchema.optional(),
  })
  .refine(uniqueLayerIds, { message: 'layer ids must be unique', path: ['layers'] });

/** A schedule: layers (later ones take precedence), overrides (highest precedence), business hours. */
export const scheduleSchema = z
  .object({
    timeZone: timeZoneSchema,
    layers: z.array(layerSchema).max(20),
    overrides: z.array(overrideSchema).max(1000).default([]),
    businessHours: weeklyWindowSchema.optional(),
    earlier: z
      .array(versionSchema)
      .max(10_000)
      .optional()
      .describe(
        'Earlier versions, oldest first, each in force until its `until`; the layers above apply from the last `until` on. Kept by the server: ignored in requests',
      ),
  })
  .refine(uniqueLayerIds, { message: 'layer ids must be unique', path: ['layers'] })
  .refine(
    (s) =>
      (s.earlier ?? []).every((v, i, all) => i === 0 || Date.parse(all[i - 1]!.until) < Date.parse(v.until)),
    { message: 'earlier versions must be in order of `until`', path: ['earlier'] },
  );

export type WeeklyWindow = z.infer<typeof weeklyWindowSchema>;
export type Rotation = z.infer<typeof rotationSchema>;
export type Layer = z.infer<typeof layerSchema>;
export type Override = z.infer<typeof overrideSchema>;
export type Version = z.infer<typeof versionSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;

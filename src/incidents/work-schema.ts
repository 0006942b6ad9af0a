/** Zod for the work on an incident: notes, tasks and time entries (bodies and answers). */
import { z } from 'zod';
import { personRef, text } from './schema.ts';

export const noteBody = z
  .object({ text: text(20_000) })
  .meta({ example: { text: 'Error rate back to normal after rollback.' } });
export const taskBody = z.object({
  text: text(2000),
  assignee: z.string().min(1).optional().describe('Id or email'),
});
export const taskPatchBody = z.object({
  text: text(2000).optional(),
  done: z.boolean().optional(),
  assignee: z.string().min(1).nullable().optional(),
});
export const timeBody = z
  .object({
    hours: z.number().positive().max(1000).multipleOf(0.01),
    description: text(2000).describe('What the time was spent on'),
    person: z.string().min(1).optional().describe('Id or email; defaults to you'),
    techDebtId: z
      .uuid()
      .optional()
      .describe('A tech-debt item of this incident the time was spent on; counts towards its budget'),
  })
  .meta({ example: { hours: 1.5, description: 'Investigated logs and rolled back' } });

export const taskSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    done: z.boolean(),
    assignee: personRef.nullable(),
    createdAt: z.iso.datetime(),
    doneAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskSchema>;

export const timeEntrySchema = z
  .object({
    id: z.uuid(),
    person: personRef,
    hours: z.number(),
    description: z.string(),
    techDebtId: z.uuid().nullable().describe('The tech-debt item it was spent on, if any'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TimeEntry' });
export type TimeEntry = z.infer<typeof timeEntrySchema>;

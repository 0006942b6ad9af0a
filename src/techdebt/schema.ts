/** Types and validation of deviations from process and the tech-debt items they create. */
import { z } from 'zod';

/** Why process is broken: the seed's four reasons. */
export const deviationReasons = ['speed', 'complexity', 'lack-of-resources', 'temporary-fix'] as const;
/** What is usually skipped; any other words are allowed too. */
export const usualSkips = ['review', 'tests', 'deployment-procedure'] as const;
export const debtStatuses = ['open', 'in-progress', 'done', 'dropped'] as const;
export type DebtStatus = (typeof debtStatuses)[number];
/** The lists of the tech-debt view. */
export const debtFilters = ['open', 'overrun', 'overdue', 'mine', 'all'] as const;
export type DebtFilter = (typeof debtFilters)[number];

const words = (max: number) => z.string().trim().min(1).max(max);
const person = z.object({ id: z.uuid(), name: z.string() });
const day = z.iso.date().describe('A day, YYYY-MM-DD');

/** A new tech-debt item: what must be brought to standard, its budget, owner and due day. */
export const debtFields = z.object({
  title: words(300).describe('What must be brought to company standards'),
  details: z.string().trim().max(5000).default('').describe('What is left to do, and how'),
  budgetHours: z
    .number()
    .positive()
    .max(10_000)
    .multipleOf(0.01)
    .describe('Hours budgeted to bring the temporary fix to standard'),
  owner: words(320).describe('Who owns it: id or email'),
  dueOn: day.describe('When it should be done, YYYY-MM-DD'),
});

export const debtBody = debtFields
  .extend({
    deviationId: z.uuid().optional().describe('The deviation of this incident the item pays back'),
  })
  .meta({
    example: {
      title: 'Add tests and a review for the cache-key hotfix',
      budgetHours: 6,
      owner: 'grace@example.com',
      dueOn: '2026-12-20',
      deviationId: '3f0a8c52-5d3e-4c8e-9a43-0c5b9d1e7a10',
    },
  });

export const deviationBody = z
  .object({
    reasons: z
      .array(z.enum(deviationReasons))
      .min(1)
      .max(4)
      .describe('Why: speed, complexity, lack-of-resources (e.g. out of hours), temporary-fix'),
    skipped: z
      .array(words(200))
      .min(1)
      .max(10)
      .describe('What is skipped: review, tests, deployment-procedure, or other words'),
    justification: words(5000).describe('Why breaking process is worth it, discussed at the time'),
    debt: debtFields
      .optional()
      .describe('The tech-debt item created in the same step; without it, closing is held off'),
  })
  .meta({
    example: {
      reasons: ['speed', 'temporary-fix'],
      skipped: ['review', 'tests'],
      justification: 'Checkout is down for everyone; the one-line fix goes out now, tests follow.',
      debt: {
        title: 'Tests and review for the hotfix',
        budgetHours: 6,
        owner: 'grace@example.com',
        dueOn: '2026-12-20',
      },
    },
  });

export const debtPatchBody = z
  .object({
    status: z.enum(debtStatuses).optional().describe('open → in-progress → done, or dropped with a reason'),
    dropReason: words(2000).optional().describe('Why it is dropped (required with status dropped)'),
    title: words(300).optional(),
    details: z.string().trim().max(5000).optional(),
    budgetHours: z.number().positive().max(10_000).multipleOf(0.01).optional(),
    owner: words(320).optional().describe('Id or email'),
    dueOn: day.optional(),
  })
  .meta({ example: { status: 'in-progress' } });

export const debtItemSchema = z
  .object({
    id: z.uuid(),
    incident: z.object({ id: z.uuid(), number: z.number().int(), title: z.string(), status: z.string() }),
    deviationId: z.uuid().nullable(),
    title: z.string(),
    details: z.string(),
    budgetHours: z.number(),
    spentHours: z.number().describe('The sum of the time entries logged against the item'),
    overrunHours: z.number().describe('Hours spent beyond the budget; 0 within it'),
    overrun: z.boolean().describe('Spent more than budgeted'),
    overdue: z.boolean().describe('Past its due day and not done or dropped'),
    owner: person,
    dueOn: z.string().describe('YYYY-MM-DD'),
    status: z.enum(debtStatuses),
    dropReason: z.string().nullable(),
    ageDays: z.number().int().describe('Whole days since it was created'),
    createdAt: z.iso.datetime(),
    doneAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'TechDebtItem' });
export type DebtItem = z.infer<typeof debtItemSchema>;

export const deviationSchema = z
  .object({
    id: z.uuid(),
    reasons: z.array(z.enum(deviationReasons)),
    skipped: z.array(z.string()),
    justification: z.string(),
    techDebtId: z.uuid().nullable().describe('Its tech-debt item; null holds off closing'),
    recordedBy: person.nullable(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'Deviation' });
export type Deviation = z.infer<typeof deviationSchema>;

export const incidentDebtSchema = z
  .object({ deviations: z.array(deviationSchema), items: z.array(debtItemSchema) })
  .meta({ id: 'IncidentDeviations' });

export const debtListQuery = z.object({
  filter: z.enum(debtFilters).default('open').describe('open (default), overrun, overdue, mine or all'),
});
export const itemParams = z.object({ id: z.uuid().describe('The tech-debt item') });

/** Types and validation of the decision acts: answers, questions, and product-owner roles. */
import { z } from 'zod';

/** What a product owner (or a responder) may answer. */
export const answers = ['expedite', 'backlog', 'decline'] as const;
export type Answer = (typeof answers)[number];

export const answerBody = z
  .object({
    answer: z
      .enum(answers)
      .describe('expedite pages now; backlog moves it to the Backlog; decline closes it'),
    reason: z.string().trim().min(1).max(2000).describe('Why, for the timeline'),
  })
  .meta({ example: { answer: 'backlog', reason: 'Only affects an internal report; next sprint' } });

const person = z.object({ id: z.uuid(), name: z.string() });

export const questionSchema = z
  .object({
    id: z.uuid(),
    askedAt: z.iso.datetime(),
    askedTo: z.array(z.string()).describe('Names of the people asked'),
    remindedAt: z.iso.datetime().nullable(),
    escalatedAt: z.iso.datetime().nullable().describe("When the team's lead was told it is unanswered"),
    answer: z.enum(answers).nullable(),
    reason: z.string().nullable(),
    answeredBy: person.nullable(),
    answeredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'DecisionQuestion' });
export type Question = z.infer<typeof questionSchema>;

export const productRolesBody = z.object({
  productOwners: z.array(z.uuid()).max(50).describe('People who answer "ask the product owner"'),
  lead: z.uuid().nullable().optional().describe('Teams only: hears of a question left unanswered'),
});

export const productRolesSchema = z
  .object({
    productOwners: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
    lead: z.uuid().nullable(),
  })
  .meta({ id: 'ProductRoles' });

/** Types and validation of status pages: pages, groups, components, maintenance, public updates. */
import { z } from 'zod';

/** A component's state, in Statuspage's words, best first. */
export const componentStates = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentState = (typeof componentStates)[number];

/** The public status of an incident update (Statuspage's incident statuses). */
export const publicStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicStatus = (typeof publicStatuses)[number];

const name = z.string().trim().min(1).max(200);
const slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lowercase letters, digits and dashes (at most 64)');
const host = z
  .string()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'a host name such as status.example.com',
  );

export const pageBody = z
  .object({
    name,
    slug: slug.describe('The page is served at /status/<slug>'),
    customHost: host
      .nullable()
      .optional()
      .describe('A host name the page is also served at (by Host header)'),
    clientId: z.uuid().nullable().optional().describe("A client's own page; null or absent: the public page"),
    private: z
      .boolean()
      .optional()
      .describe('Served only under /status/<slug>/k/<accessKey> (not at its custom host); else 404'),
  })
  .meta({ example: { name: 'Acme status', slug: 'acme', customHost: 'status.acme.example' } });
export const pagePatch = pageBody.partial();

export const groupBody = z.object({ name, position: z.int().min(0).max(10_000).optional() });
export const groupPatch = groupBody.partial();

export const componentBody = z
  .object({
    name,
    description: z.string().max(1000).optional(),
    groupId: z.uuid().nullable().optional(),
    serviceId: z
      .uuid()
      .nullable()
      .optional()
      .describe('Its state follows the open incidents of this service'),
    state: z
      .enum(componentStates)
      .nullable()
      .optional()
      .describe("Set by hand; null: follow the service's open incidents"),
    position: z.int().min(0).max(10_000).optional(),
  })
  .meta({ example: { name: 'Checkout', serviceId: '00000000-0000-4000-8000-000000000000' } });
export const componentPatch = componentBody.partial();

export const maintenanceBody = z
  .object({
    title: name,
    body: z.string().max(5000).optional(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    componentIds: z.array(z.uuid()).max(200).optional(),
  })
  .refine((m) => Date.parse(m.endsAt) > Date.parse(m.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });

/** The `statuspage-publish` job's payload, as the updates domain enqueues it (a fixed shape). */
export const publishPayload = z.object({
  incidentId: z.uuid(),
  updateId: z.uuid(),
  status: z.enum(publicStatuses),
  body: z.string().max(20_000),
});
export type PublishPayload = z.infer<typeof publishPayload>;

export const groupSchema = z.object({ id: z.uuid(), name: z.string(), position: z.int() });
export const componentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    groupId: z.uuid().nullable(),
    serviceId: z.uuid().nullable(),
    manualState: z.enum(componentStates).nullable(),
    state: z.enum(componentStates).describe('The state shown: by hand, else from open incidents'),
    position: z.int(),
  })
  .meta({ id: 'StatusComponent' });
export const maintenanceSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    componentIds: z.array(z.uuid()),
  })
  .meta({ id: 'StatusMaintenance' });
export const pageSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    customHost: z.string().nullable(),
    clientId: z.uuid().nullable(),
    url: z.string().describe('Where the page is read (with its access key when private)'),
    private: z.boolean(),
    accessKey: z.string().nullable().describe('The key a private page is served under'),
    subscribers: z.int().describe('Confirmed subscribers'),
  })
  .meta({ id: 'StatusPage' });
export const pageDetailSchema = pageSchema
  .extend({
    groups: z.array(groupSchema),
    components: z.array(componentSchema),
    maintenances: z.array(maintenanceSchema),
  })
  .meta({ id: 'StatusPageDetail' });

export const subscriberSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['email', 'webhook']),
    address: z.string().describe('Masked: a***@example.com, or the webhook’s origin'),
    componentIds: z.array(z.uuid()).describe('Empty: every component'),
    confirmed: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'StatusSubscriber' });

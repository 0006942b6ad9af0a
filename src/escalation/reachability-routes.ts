/**
 * Setting up paging over HTTP: services with their chain and who they page now, reachability of
 * any targets (for the policy, team and schedule editors), a page's preview, adding responders to
 * an incident, the channels this server can send through, and the admin's setup checklist.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import type { DomainContext } from '../http/module.ts';
import { errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { addResponders } from './add-responders.ts';
import {
  configuredKinds,
  incidentReachNow,
  policyReachNow,
  unreachableOf,
  type LevelReach,
} from './reachability.ts';
import { contactKinds, targetSchema } from './schema.ts';
import { alertPageDelivered, getServiceChain, hasIntegration, listServiceChains } from './setup-store.ts';
import { getPolicy } from './store.ts';

const ref = z.object({ id: z.uuid(), name: z.string() });
const personReach = z
  .object({
    id: z.uuid(),
    name: z.string(),
    methods: z.array(z.object({ kind: z.enum(contactKinds), label: z.string() })),
    reachable: z.boolean().describe('Has a verified contact method on a channel this server sends through'),
  })
  .meta({ id: 'PersonReach' });
const levelReach = z
  .object({
    level: z.int().describe('1-based'),
    timeoutMinutes: z.int(),
    people: z.array(personReach),
    contextual: z
      .int()
      .describe("Targets that name someone only for an incident (service owner, client's chain)"),
  })
  .meta({ id: 'LevelReach' });
const serviceChain = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    team: ref.nullable(),
    owner: ref.nullable(),
    escalationPolicy: ref.nullable(),
    pagingPolicyId: z.uuid().nullable().describe("The policy that pages for it: its own, else its team's"),
    integrations: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.string() })),
    onCallNow: z.array(personReach).describe('Who its first level pages now'),
  })
  .meta({ id: 'ServiceChain' });
const pagedNow = z.object({ policy: ref.nullable(), levels: z.array(levelReach), reachable: z.boolean() });

const reachable = (levels: LevelReach[]) => levels.some((l) => l.people.some((p) => p.reachable));

/** The routes above; `channels` tells which contact kinds can be sent. */
export async function reachabilityRoutes(app: FastifyInstance, ctx: DomainContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool, clock } = deps;
  const kinds = configuredKinds(ctx.channels);

  /** Who a service's chain pages now: its policy (or its team's), with its owner for `service-owner`. */
  async function serviceNow(id: string) {
    const svc = await getServiceChain(pool, id);
    if (!svc.pagingPolicyId) return { svc, now: { policy: null, levels: [], reachable: false } };
    const policy = await getPolicy(pool, svc.pagingPolicyId);
    const levels = await policyReachNow(
      pool,
      policy,
      { serviceOwnerId: svc.owner?.id ?? null, clientChain: {}, at: clock.now() },
      kinds,
    );
    return {
      svc,
      now: { policy: { id: policy.id, name: policy.name }, levels, reachable: reachable(levels) },
    };
  }

  r.get(
    '/api/v1/service-chains',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Services with their chain of command',
        description:
          'Each service with its owner, team, escalation policy, integrations and who it would page now.',
        response: { 200: z.object({ items: z.array(serviceChain) }), ...errors(401, 403) },
      },
    },
    async () => {
      const items = [];
      for (const s of await listServiceChains(pool)) {
        const { now } = await serviceNow(s.id);
        items.push({ ...s, onCallNow: now.levels[0]?.people ?? [] });
      }
      return { items };
    },
  );

  r.get(
    '/api/v1/services/:id/on-call-now',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Who a service would page now',
        description:
          'Its chain resolved to the people on call now, level by level, with their verified methods.',
        params: z.object({ id: z.uuid() }),
        response: { 200: pagedNow, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => (await serviceNow(req.params.id)).now,
  );

  r.post(
    '/api/v1/paging/reachability',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Who among these targets cannot be reached',
        description:
          'Everyone the targets could page (a schedule’s every participant, a team’s members) who has no verified ' +
          'contact method on a channel this server sends through. For editors, before and after saving.',
        body: z.object({ targets: z.array(targetSchema).max(200) }),
        response: {
          200: z.object({ unreachable: z.array(personReach), people: z.int() }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const all = await unreachableOf(pool, req.body.targets, kinds);
      return { unreachable: all.unreachable, people: all.people };
    },
  );

  r.get(
    '/api/v1/incidents/:ref/page/preview',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['paging'],
        summary: 'Whom paging this incident would reach now',
        description:
          "The client's chain, then the covering policies, level by level; `reachable` false means a page would reach nobody.",
        params: refParams,
        response: {
          200: z.object({
            policies: z.array(ref.extend({ levels: z.array(levelReach) })),
            reachable: z.boolean(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      const policies = await incidentReachNow(pool, incident.id, clock.now(), kinds);
      return { policies, reachable: policies.some((p) => reachable(p.levels)) };
    },
  );

  r.post(
    '/api/v1/incidents/:ref/responders',
    {
      config: { permission: 'incidents:work' },
      schema: {
        tags: ['paging'],
        summary: 'Add responders',
        description:
          'Pages a chosen person, schedule (who is on call now), team or escalation policy now, beside the covering ' +
          'policy; one acknowledgement stops it all. 409 when nobody there can be reached (nothing is sent).',
        params: refParams,
        body: z.object({
          target: z.discriminatedUnion('type', [
            z.object({ type: z.literal('user'), id: z.uuid() }),
            z.object({ type: z.literal('schedule'), id: z.uuid() }),
            z.object({ type: z.literal('team'), id: z.uuid() }),
            z.object({ type: z.literal('policy'), id: z.uuid() }),
          ]),
        }),
        response: {
          202: z.object({ people: z.array(personReach), escalationId: z.uuid() }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(202)
        .send(await addResponders(deps, req.params.ref, currentUser(req), req.body.target, kinds)),
  );

  r.get(
    '/api/v1/contact-channels',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'Contact method kinds this server can send through',
        description: 'A channel the server has not configured (no SMTP, no Twilio…) is not offered.',
        response: { 200: z.object({ kinds: z.array(z.enum(contactKinds)) }), ...errors(401, 403) },
      },
    },
    async () => ({ kinds }),
  );

  r.get(
    '/api/v1/setup/checklist',
    {
      config: { permission: 'paging:manage' },
      schema: {
        tags: ['paging'],
        summary: 'What is left before paging works end to end',
        response: {
          200: z.object({
            complete: z.boolean(),
            steps: z.array(
              z.object({
                id: z.enum(['service-policy', 'reachable-on-call', 'test-alert']),
                title: z.string(),
                done: z.boolean(),
                detail: z.string(),
              }),
            ),
          }),
          ...errors(401, 403),
        },
      },
    },
    async () => {
      const chains = (await listServiceChains(pool)).filter((s) => s.pagingPolicyId);
      let reached = false;
      for (const s of chains) if ((await serviceNow(s.id)).now.reachable) reached = true;
      const delivered = await alertPageDelivered(pool);
      const steps = [
        {
          id: 'service-policy' as const,
          title: 'A service with an escalation policy',
          done: chains.length > 0,
          detail: 'On Services, give a service an escalation policy (its own or its team’s).',
        },
        {
          id: 'reachable-on-call' as const,
          title: 'Someone on call with a verified contact method',
          done: reached,
          detail: 'Its policy must name someone on call now who has verified a contact method.',
        },
        {
          id: 'test-alert' as const,
          title: 'A test alert that paged someone',
          done: delivered,
          detail: (await hasIntegration(pool))
            ? 'Send a test alert to an integration of that service.'
            : 'Add an integration for that service, then send it a test alert.',
        },
      ];
      return { complete: steps.every((s) => s.done), steps };
    },
  );
}

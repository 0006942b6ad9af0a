/**
 * Services (with their routing rules), silences and maintenance windows over HTTP, and an
 * incident's signals for the incident room.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { invalidField } from '../errors.ts';
import { authErrors, errors } from '../http/schemas.ts';
import { refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { incidentSignals } from './alerts.ts';
import { rulesSchema } from './rule-schema.ts';
import {
  createSilenceBody,
  incidentSignalsSchema,
  serviceBody,
  serviceSchema,
  silenceSchema,
} from './signal-schema.ts';
import { previewRules } from './rule-preview.ts';
import { cancelSilence, insertSilence, listSilences } from './silences.ts';
import { ensureService, getIntegration, listServices, updateService } from './store.ts';

const idParams = z.object({ id: z.uuid() });

export async function serviceRoutes(app: FastifyInstance, opts: { onChange: () => void }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock } = app.deps;

  r.get(
    '/api/v1/services',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['signals'],
        summary: 'List services',
        response: { 200: z.object({ items: z.array(serviceSchema) }), ...authErrors },
      },
    },
    async () => ({ items: await listServices(pool) }),
  );

  r.put(
    '/api/v1/services/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Change a service',
        description: 'Name, description and routing rules (tried after each integration’s own rules).',
        params: idParams,
        body: serviceBody,
        response: { 200: serviceSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const b = req.body;
      const row = await audited(pool, (tx) => updateService(tx, req.params.id, b), {
        at: clock.now(),
        actorId: actor.id,
        action: 'service.update',
        target: `service:${req.params.id}`,
        data: b,
      });
      opts.onChange();
      return row;
    },
  );

  r.post(
    '/api/v1/integrations/:id/rules/preview',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Test routing rules against a sample payload',
        description:
          'Parses the sample as this integration would (no signature check, nothing stored) and routes each ' +
          "signal through `rules` (a draft of the integration's own rules) or its saved rules, then its service's.",
        params: idParams,
        body: z.object({ payload: z.unknown(), rules: rulesSchema.optional() }),
        response: {
          200: z.object({
            signals: z.array(
              z.object({
                title: z.string(),
                severity: z.string().nullable(),
                labels: z.record(z.string(), z.string()),
                rule: z.object({ id: z.string(), name: z.string() }),
                action: z.string(),
                urgency: z.string().nullable(),
                classification: z.record(z.string(), z.unknown()),
                groupKey: z.string(),
                threshold: z.object({ count: z.int(), windowMinutes: z.int() }),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const integration = await getIntegration(pool, req.params.id);
      return { signals: previewRules(integration, req.body.payload, req.body.rules, clock.now().getTime()) };
    },
  );

  r.get(
    '/api/v1/silences',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['signals'],
        summary: 'List silences and maintenance windows',
        description: 'Those not yet ended; `all=true` includes ended and cancelled ones.',
        querystring: z.object({ all: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(silenceSchema) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => ({ items: await listSilences(pool, clock.now(), req.query.all === 'true') }),
  );

  r.post(
    '/api/v1/silences',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'Silence alerts or schedule maintenance',
        description:
          'Matching signals are still stored, but open no incident and page nobody, from startsAt to endsAt. ' +
          'Scope with integrationId and/or service; narrow with label matchers.',
        body: createSilenceBody,
        response: { 201: silenceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const actor = currentUser(req);
      const b = req.body;
      const now = clock.now();
      const startsAt = b.startsAt ? new Date(b.startsAt) : now;
      const endsAt = new Date(b.endsAt);
      if (endsAt <= startsAt) throw invalidField('body.endsAt', 'must be after startsAt');
      if (endsAt <= now) throw invalidField('body.endsAt', 'must be in the future');
      if (b.integrationId) await getIntegration(pool, b.integrationId);
      const silence = await audited(
        pool,
        async (tx) => {
          const serviceId = b.service ? await ensureService(tx, b.service, now) : null;
          return insertSilence(tx, {
            kind: b.kind,
            integrationId: b.integrationId ?? null,
            serviceId,
            matchers: b.matchers,
            startsAt,
            endsAt,
            reason: b.reason,
            by: actor.id,
            at: now,
          });
        },
        (s) => ({
          at: now,
          actorId: actor.id,
          action: `${b.kind}.create`,
          target: `silence:${s.id}`,
          data: b,
        }),
      );
      return reply.code(201).send(silence);
    },
  );

  r.delete(
    '/api/v1/silences/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags: ['signals'],
        summary: 'End a silence or maintenance window now',
        params: idParams,
        response: { 200: silenceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = currentUser(req);
      const now = clock.now();
      return audited(
        pool,
        (tx) => cancelSilence(tx, req.params.id, now),
        (ended) => ({ at: now, actorId: actor.id, action: 'silence.cancel', target: `silence:${ended.id}` }),
      );
    },
  );

  r.get(
    '/api/v1/incidents/:ref/signals',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['incidents'],
        summary: 'The signals of an incident',
        description:
          'Signals per minute (the metric that confirmed it) and its alerts with labels and links back to the source.',
        params: refParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: incidentSignalsSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return incidentSignals(pool, incident.id, req.query.limit);
    },
  );
}

/**
 * The outbound allow-list over HTTP: hosts that outbound requests (contact methods, webhooks) may
 * reach although they resolve to loopback, private or metadata addresses. Admins only; each change
 * is audited. Entries from EXPEDITE_OUTBOUND_ALLOW are shown but changed only in the configuration.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { invalidField, notFound } from '../errors.ts';
import { authErrors, errors, okSchema } from '../http/schemas.ts';
import { normalizeEntry } from '../outbound/index.ts';
import { addAllowed, listAllowed, removeAllowed, type AllowRow } from '../outbound/store.ts';

const entrySchema = z
  .object({
    entry: z.string().describe('`host` or `host:port`, as stored (lower case, IPv4 spelled out)'),
    note: z.string(),
    addedBy: z.string().nullable(),
    addedAt: z.string(),
  })
  .meta({ id: 'OutboundAllowEntry' });

const listSchema = z.object({
  items: z.array(entrySchema),
  fromConfig: z.array(z.string()).describe('Entries from EXPEDITE_OUTBOUND_ALLOW (read-only here)'),
});

const addBody = z
  .object({
    entry: z.string().min(1).max(300),
    note: z.string().max(500).default(''),
  })
  .meta({ example: { entry: 'hooks.internal.example:8443', note: 'Our chat relay' } });

const toJson = (r: AllowRow) => ({ ...r, addedAt: r.addedAt.toISOString() });

export async function outboundAllowRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;
  const tags = ['outbound'];

  r.get(
    '/api/v1/outbound/allow',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Hosts outbound requests may reach although they are internal',
        description:
          'Outbound requests (Teams and webhook contact methods, webhooks) are refused when their host ' +
          'resolves to a loopback, private, link-local, metadata or unspecified address, unless listed here.',
        response: { 200: listSchema, ...authErrors },
      },
    },
    async () => ({ items: (await listAllowed(pool)).map(toJson), fromConfig: config.outboundAllow }),
  );

  r.post(
    '/api/v1/outbound/allow',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Allow a host',
        description:
          'A host (`hooks.internal.example`, `10.0.0.5`, `[fd00::5]`) or a host and port. Audited.',
        body: addBody,
        response: { 201: entrySchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const entry = normalizeEntry(req.body.entry);
      if (!entry) throw invalidField('body.entry', 'not a host or host:port');
      const user = currentUser(req);
      const at = clock.now();
      const row = await audited(
        pool,
        (tx) => addAllowed(tx, { entry, note: req.body.note, by: user.id, at }),
        {
          at,
          actorId: user.id,
          action: 'outbound.allow',
          target: `outbound:${entry}`,
          data: { note: req.body.note },
        },
      );
      return reply.code(201).send(toJson(row));
    },
  );

  r.delete(
    '/api/v1/outbound/allow/:entry',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Stop allowing a host',
        params: z.object({ entry: z.string() }),
        response: { 200: okSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      const entry = normalizeEntry(req.params.entry) ?? req.params.entry;
      const user = currentUser(req);
      const at = clock.now();
      const removed = await audited(
        pool,
        (tx) => removeAllowed(tx, entry),
        (done) =>
          done ? { at, actorId: user.id, action: 'outbound.disallow', target: `outbound:${entry}` } : null,
      );
      if (!removed) throw notFound('allowed host', entry);
      return { ok: true as const };
    },
  );
}

/**
 * The baseline: a bare Fastify server with no database, no auth and no schemas, answering the same
 * paths as Expedite. GET /api/v1/incidents returns a page of 50 incident-shaped objects (about the
 * size of Expedite's page); POST echoes the body with 201; a webhook is parsed and answered 202.
 * Started with PORT, stopped by SIGTERM.
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';

const at = new Date('2026-01-01T00:00:00Z').toISOString();
const owner = { id: randomUUID(), name: 'bench', email: 'bench@example.com' };

/** One incident-shaped object, with the fields and typical lengths of Expedite's `Incident`. */
function incident(n: number) {
  const title = `Checkout fails for some customers after the release (#${n})`;
  return {
    id: randomUUID(),
    number: 100_000 - n,
    title,
    description: `Seeded for the benchmark: ${title}`,
    scope: 'USERS',
    criticality: 'FBLOCK',
    area: 'FEBE',
    impact: { conversion: 'high', experience: 'medium', revenue: null },
    lifespan: { startedAt: null, expected: null },
    tagline: `USERS-FBLOCK-FEBE: ${title}`,
    urgency: 'P2',
    urgencyOverride: null,
    decision: 'expedite',
    status: 'resolved',
    owner: n % 2 ? owner : null,
    roles: [],
    resolutionSummary: 'Rolled back the release; verified with the error-rate metric.',
    createdBy: owner.id,
    createdAt: at,
    updatedAt: at,
    resolvedAt: at,
  };
}

const page = { items: Array.from({ length: 50 }, (_, n) => incident(n)), nextCursor: '99950' };
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/api/v1/incidents', async () => page);
app.post('/api/v1/incidents', async (req, reply) => reply.code(201).send(req.body));
// The ingest baseline: parse the webhook, answer 202 without storing anything.
app.post('/api/v1/hooks/:key', async (req, reply) => {
  const alerts = (req.body as { alerts?: unknown[] } | null)?.alerts ?? [];
  return reply
    .code(202)
    .send({ status: 'accepted', deliveryId: randomUUID(), signals: alerts.length, duplicate: false });
});

await app.listen({ port: Number(process.env.PORT) || 0, host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});

/**
 * Server-sent events: `GET /api/v1/events` streams every incident change (or one incident's with
 * `?incident=`), fed by the database's notifications so every instance sees every change.
 * Browsers refetch what changed; a `resync` event asks them to refetch everything. A stream ends
 * at once when its session or token is revoked or its person disabled, on whichever instance.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { tokenStillValid } from '../auth/session-store.ts';
import { AppError } from '../errors.ts';
import { errors } from '../http/schemas.ts';
import { getIncident } from './store.ts';
import { EventHub } from '../realtime/hub.ts';

const HEARTBEAT_MS = 15_000;

export async function eventRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hub = new EventHub(app.deps.pool);
  const streams = new Set<ServerResponse>();
  let closing = false;

  // Open streams would keep the server from closing: end them first, and open no new ones.
  app.addHook('preClose', async () => {
    closing = true;
    for (const res of streams) res.end();
    await hub.stop();
  });

  r.get(
    '/api/v1/events',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Live changes (server-sent events)',
        description:
          'A `text/event-stream`. Each change to an incident sends `event: timeline` with ' +
          '`{ incidentId, entryId, kind }`; `event: resync` means refetch everything. With `incident` ' +
          '(id or number) only that incident’s changes are sent. A comment line every 15 s keeps proxies open. ' +
          'While the server shuts down, 503: reconnect to another instance or shortly.',
        querystring: z.object({ incident: z.string().min(1).max(64).optional() }),
        response: { 200: z.string().describe('text/event-stream'), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const incidentId = req.query.incident
        ? (await getIncident(app.deps.pool, req.query.incident)).id
        : undefined;
      const shuttingDown = () =>
        new AppError('unavailable', 'The server is shutting down; reconnect shortly');
      if (closing) throw shuttingDown();
      await hub.ensureStarted();
      if (closing) throw shuttingDown(); // it began while this waited
      reply.hijack();
      const res = reply.raw;
      if (res.destroyed || req.raw.socket.destroyed) return; // the browser went away meanwhile
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      res.write('retry: 2000\n\nevent: ready\ndata: {}\n\n');
      streams.add(res);
      // The stream lives as long as its credential: when the person's access changes (disabled,
      // signed out, a session revoked) or events may have been missed, it is checked afresh.
      const user = currentUser(req);
      const tokenId = req.tokenId;
      const recheck = () => {
        if (!tokenId) return;
        void tokenStillValid(app.deps.pool, tokenId, app.deps.clock.now()).then(
          (valid) => valid || res.end(),
          () => {}, // the database is away: the hub's resync checks again
        );
      };
      const unsubscribe = hub.subscribe((event) => {
        if (event.type === 'access') return event.userId === user.id ? recheck() : undefined;
        if (event.type === 'resync') recheck();
        if (incidentId && event.type === 'timeline' && event.incidentId !== incidentId) return;
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => {
        res.write(': ping\n\n');
        recheck();
      }, HEARTBEAT_MS).unref();
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(res);
      });
    },
  );
}

/**
 * Each person's iCalendar feed of their on-call shifts: a signed address for calendar apps that
 * cannot sign in. The signature covers the address's generation, so resetting it (when it leaks)
 * stops the old address at once.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../audit/audited.ts';
import { currentUser } from '../auth/plugin.ts';
import { getUser } from '../auth/store.ts';
import type { Queryable } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import { errors } from '../http/schemas.ts';
import { signValue, verifyValue } from '../signing/links.ts';
import { feedShifts } from './feed.ts';
import { icalFeed } from './ical.ts';
import { feedGeneration, listSchedules, resetFeed } from './store.ts';

const DAY = 86_400_000;

/** What the feed's signature covers: generation 0 keeps the addresses made before resets existed. */
const signed = (userId: string, generation: number) =>
  generation === 0 ? `ical.${userId}` : `ical.${userId}.${generation}`;

export async function feedRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, clock, config } = app.deps;
  const address = async (db: Queryable, userId: string, generation: number) =>
    `${config.publicUrl}/ical/${userId}/${await signValue(db, signed(userId, generation))}.ics`;

  r.get(
    '/api/v1/me/on-call-feed',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'The address of my iCalendar feed of on-call shifts',
        description: 'A signed address for calendar apps (30 days back, 90 ahead, every schedule).',
        response: { 200: z.object({ url: z.string() }), ...errors(401, 403) },
      },
    },
    async (req) => {
      const me = currentUser(req);
      return { url: await address(pool, me.id, await feedGeneration(pool, me.id)) };
    },
  );

  r.post(
    '/api/v1/me/on-call-feed/reset',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['paging'],
        summary: 'Give my calendar feed a new address',
        description: 'The old address stops working at once; calendars subscribed to it need the new one.',
        response: { 200: z.object({ url: z.string() }), ...errors(401, 403) },
      },
    },
    async (req) => {
      const me = currentUser(req);
      const now = clock.now();
      const generation = await audited(
        pool,
        (tx) => resetFeed(tx, me.id, now),
        () => ({ at: now, actorId: me.id, action: 'ical_feed.reset', target: `user:${me.id}`, data: {} }),
      );
      return { url: await address(pool, me.id, generation) };
    },
  );

  app.get(
    '/ical/:userId/:file',
    {
      config: { permission: 'public' },
      schema: { hide: true, params: z.object({ userId: z.uuid(), file: z.string().max(100) }) },
    },
    async (req, reply) => {
      const { userId, file } = req.params as { userId: string; file: string };
      const sig = file.replace(/\.ics$/, '');
      const user = await getUser(pool, userId);
      // A disabled person's feed ends with their access; a reset one with its generation.
      const generation = user ? await feedGeneration(pool, userId) : 0;
      if (!user || user.disabled || !(await verifyValue(pool, signed(userId, generation), sig)))
        throw notFound('feed', userId);
      const now = clock.now();
      const from = new Date(now.getTime() - 30 * DAY);
      const to = new Date(now.getTime() + 90 * DAY);
      const body = icalFeed(user.name, feedShifts(await listSchedules(pool), userId, from, to), {
        prodId: '-//Expedite//On-call//EN',
        calendarName: `${user.name} on call`,
        now,
        scheduleId: 'all',
      });
      return reply.type('text/calendar; charset=utf-8').send(body);
    },
  );
}

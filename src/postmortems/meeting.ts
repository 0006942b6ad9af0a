/**
 * The post-mortem meeting ("a quick call and a summarised document on the measures to put in
 * place"): an invitation emailed to each participant with its iCalendar REQUEST, from the owner as
 * organiser. Setting it again moves the same event (same UID, SEQUENCE one higher).
 */
import type { z } from 'zod';
import type { User } from '../auth/schema.ts';
import { withTransaction } from '../db/pool.ts';
import { findUser } from '../auth/store.ts';
import type { DomainContext } from '../http/module.ts';
import { inviteCalendar } from './invite.ts';
import { lockOf } from './edit.ts';
import { enqueueEmail } from './mail.ts';
import { readPostmortem } from './read.ts';
import type { inviteBody, Postmortem } from './schema.ts';
import { setMeeting, updatePostmortem } from './store.ts';

/** Sets the meeting and emails the invitation to every participant. */
export async function invite(
  ctx: DomainContext,
  ref: string,
  body: z.output<typeof inviteBody>,
  actor: User,
): Promise<Postmortem> {
  await withTransaction(ctx.pool, async (tx) => {
    const { incident, pm } = await lockOf(tx, ref);
    const now = ctx.clock.now();
    const start = new Date(body.at);
    const end = new Date(start.getTime() + body.minutes * 60_000);
    const organizer = (await findUser(tx, pm.ownerId)) ?? actor;
    const emails = [...new Set(body.with.map((e) => e.toLowerCase()))];
    const people = [];
    for (const email of emails) {
      const user = await findUser(tx, email);
      people.push({ email, name: user?.name ?? email, userId: user?.id ?? null });
    }
    const sequence = await setMeeting(
      tx,
      { postmortemId: pm.id, start, end, organizerId: organizer.id, at: now },
      people,
    );
    await updatePostmortem(tx, pm.id, { meeting_at: start }, now);
    const url = `${ctx.publicUrl}/incidents/${incident.number}#postmortem`;
    const summary = `Post-mortem #${incident.number}: ${incident.title}`;
    const calendar = inviteCalendar({
      uid: `postmortem-${pm.id}@expedite`,
      sequence,
      now,
      start,
      end,
      summary,
      description: `A blameless discussion of incident #${incident.number}: what happened, what went well, what could go better, and the measures to put in place.\n${url}`,
      url,
      organizer: { name: organizer.name, email: organizer.email },
      attendees: people,
    });
    for (const p of people)
      await enqueueEmail(tx, `postmortem-invite:${pm.id}:${sequence}:${p.email}`, now, {
        incidentId: incident.id,
        to: { address: p.email, name: p.name, userId: p.userId },
        subject: `${sequence > 0 ? 'Moved: ' : ''}${summary}`,
        text: [
          `You are invited to the post-mortem of incident #${incident.number}, ${incident.title}.`,
          `When: ${start.toISOString().replace('T', ' ').slice(0, 16)} UTC, ${body.minutes} minutes.`,
          `Organiser: ${organizer.name}`,
          '',
          'We discuss what happened without blame, and agree on the measures to put in place.',
          `The draft: ${url}`,
        ].join('\n'),
        calendar,
      });
  });
  return readPostmortem(ctx.pool, ref, ctx.clock.now());
}

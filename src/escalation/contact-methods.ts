/**
 * A person's own contact methods and notification rules: a method is verified with a code sent
 * through it before it may page; rules name only verified methods of one's own; a test message
 * shows that a method works.
 */
import { createHash, randomInt } from 'node:crypto';
import type { User } from '../auth/schema.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import type { FlowDeps } from '../incidents/change.ts';
import type { Channels } from '../notify/index.ts';
import { sendNow } from '../notify/outbox.ts';
import { SendError } from '../notify/types.ts';
import {
  disableContactMethod,
  insertContactMethod,
  removeContactMethod,
  replaceRules,
  verifyContactMethod,
  CODE_TRIES,
  type NotificationRule,
} from './contact-store.ts';
import type { ContactKind, ContactMethod } from './schema.ts';
import { methodsOf, toMethod } from './store.ts';

/** Minutes a verification code stays valid. */
export const CODE_MINUTES = 15;

/** What contact methods need from the app: the database, the clock, the channels and our address. */
export interface ContactDeps extends FlowDeps {
  channels: Channels;
  publicUrl: string;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest();

/** Sends `text` to a person's method through the outbox; a failure is a 400 naming the address. */
async function sendTo(
  deps: ContactDeps,
  method: { id: string; kind: ContactKind; address: string },
  person: { id: string; name: string },
  subject: string,
  text: string,
): Promise<void> {
  if (!deps.channels[method.kind])
    throw new AppError('conflict', `The ${method.kind} channel is not configured on this server`);
  try {
    await sendNow(
      deps,
      {
        key: `${method.id}:${deps.clock.now().getTime()}`,
        kind: method.kind,
        userId: person.id,
        methodId: method.id,
      },
      {
        incident: {
          id: method.id,
          number: 0,
          title: subject,
          tagline: text,
          urgency: null,
          url: deps.publicUrl,
        },
        subject,
        text,
        ackUrl: deps.publicUrl,
        recipient: { name: person.name, address: method.address },
      },
    );
  } catch (err) {
    if (err instanceof SendError)
      throw invalidField('address', `could not send to ${method.address}: ${err.message}`);
    throw err;
  }
}

async function ownMethod(deps: FlowDeps, userId: string, id: string) {
  const m = (await methodsOf(deps.pool, userId)).find((x) => x.id === id);
  if (!m) throw notFound('contact method', id);
  return m;
}

/** The person's methods (not removed). */
export async function contactMethodsOf(deps: FlowDeps, user: User): Promise<ContactMethod[]> {
  return (await methodsOf(deps.pool, user.id)).map(toMethod);
}

/**
 * Adds a method and sends a verification code through it; when sending fails the method is
 * removed again and the failure is a 400 naming the address.
 */
export async function addContactMethod(
  deps: ContactDeps,
  user: User,
  b: { kind: ContactKind; address: string; label: string },
): Promise<ContactMethod> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = deps.clock.now();
  const id = await insertContactMethod(deps.pool, {
    userId: user.id,
    ...b,
    codeHash: hashCode(code),
    codeExpiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000),
    at: now,
  });
  const method = await ownMethod(deps, user.id, id);
  try {
    await sendTo(
      deps,
      method,
      user,
      'Your Expedite verification code',
      `Your Expedite verification code: ${code}`,
    );
  } catch (err) {
    await disableContactMethod(deps.pool, method.id, now);
    throw err;
  }
  return toMethod(method);
}

/** Verifies the person's method with its code; a wrong, expired or used-up code is a 400. */
export async function verifyOwnMethod(
  deps: FlowDeps,
  user: User,
  id: string,
  code: string,
): Promise<ContactMethod> {
  const { verified, triesLeft } = await verifyContactMethod(deps.pool, {
    id,
    userId: user.id,
    codeHash: hashCode(code),
    at: deps.clock.now(),
  });
  if (!verified)
    throw invalidField(
      'body.code',
      triesLeft > 0
        ? `wrong or expired code (${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left)`
        : `wrong or expired code: it has expired or was tried ${CODE_TRIES} times; remove the method and add it again for a new code`,
    );
  return toMethod(await ownMethod(deps, user.id, id));
}

/** Sends a test message through the person's verified method. */
export async function testContactMethod(deps: ContactDeps, user: User, id: string): Promise<void> {
  const method = await ownMethod(deps, user.id, id);
  if (!method.verified_at) throw new AppError('conflict', 'Verify this contact method first');
  await sendTo(
    deps,
    method,
    user,
    'Expedite test message',
    'This is a test page from Expedite. Nothing is wrong.',
  );
}

/** Removes the person's method and the rules that use it. */
export async function removeOwnMethod(deps: FlowDeps, user: User, id: string): Promise<void> {
  await ownMethod(deps, user.id, id);
  await withTransaction(deps.pool, (tx) => removeContactMethod(tx, id, deps.clock.now()));
}

/** Replaces the person's rules; each must name a verified method of their own (400 naming the rule). */
export async function setNotificationRules(
  deps: FlowDeps,
  user: User,
  rules: NotificationRule[],
): Promise<NotificationRule[]> {
  const mine = new Map((await methodsOf(deps.pool, user.id)).map((m) => [m.id, m]));
  rules.forEach((rule, i) => {
    const m = mine.get(rule.contactMethodId);
    if (!m) throw invalidField(`body.rules.${i}.contactMethodId`, 'not one of your contact methods');
    if (!m.verified_at) throw invalidField(`body.rules.${i}.contactMethodId`, 'not verified yet');
  });
  await withTransaction(deps.pool, (tx) => replaceRules(tx, user.id, rules));
  return rules;
}

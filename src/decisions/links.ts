/**
 * The signed answer links of a question: `/decide/<question>.<person>.<signature>`. The signature
 * (HMAC with the link secret, src/signing/links.ts) binds the question to the person, so a link
 * answers only as the person it was sent to and nobody can make one for another question.
 */
import type { Queryable } from '../db/pool.ts';
import { signValue, verifyValue } from '../signing/links.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const signed = (questionId: string, userId: string) => `decision:${questionId}:${userId}`;

/** The address of the answer page of `questionId` for `userId`. */
export async function answerUrl(db: Queryable, publicUrl: string, questionId: string, userId: string) {
  return `${publicUrl}/decide/${questionId}.${userId}.${await signValue(db, signed(questionId, userId))}`;
}

/** The question and person a token names, or undefined when it is not a valid token. */
export async function readAnswerToken(
  db: Queryable,
  token: string,
): Promise<{ questionId: string; userId: string } | undefined> {
  const [questionId, userId, sig, extra] = token.split('.');
  if (!questionId || !userId || !sig || extra !== undefined || !UUID.test(questionId) || !UUID.test(userId))
    return undefined;
  return (await verifyValue(db, signed(questionId, userId), sig)) ? { questionId, userId } : undefined;
}

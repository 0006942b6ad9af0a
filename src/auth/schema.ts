/** Types and validation for people, sign-in and tokens. */
import { z } from 'zod';
import { roles } from './permissions.ts';

export const roleSchema = z
  .enum(roles)
  .describe('admin, responder, support (reports and reads) or stakeholder (reads)');

/** A person as the API shows them (never a password hash). */
export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    createdAt: z.iso.datetime(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const emailSchema = z.email().max(320).describe('Email address, used to sign in');
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(200);

export const loginBody = z
  .object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) })
  .meta({ example: { email: 'ada@example.com', password: 'correct horse battery' } });

export const setupBody = z.object({
  token: z.string().min(1).describe('The one-time setup token from the server log'),
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  password: passwordSchema,
});

export const createUserBody = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1).max(200),
    role: roleSchema,
    password: passwordSchema
      .optional()
      .describe('Initial password; without one the person cannot sign in yet'),
  })
  .meta({
    example: { email: 'grace@example.com', name: 'Grace', role: 'responder', password: 'a long passphrase' },
  });

export const updateUserBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: roleSchema.optional(),
  password: passwordSchema.optional(),
  disabled: z.boolean().optional(),
});

/** An API token as listed (the secret itself is shown once, at creation). */
export const tokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    kind: z.enum(['session', 'api']),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof tokenSchema>;

export const createTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "ci-deploy-script"'),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ example: { name: 'deploy-script', expiresInDays: 90 } });

/** A sign-in session as its owner sees it in their list. */
export const sessionSchema = z
  .object({
    id: z.uuid(),
    current: z.boolean().describe('The session making this request'),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime(),
    userAgent: z.string().nullable().describe('The browser or program that signed in'),
    sourceIp: z.string().nullable().describe('The address it signed in from'),
  })
  .meta({ id: 'SessionInfo' });
export type Session = z.infer<typeof sessionSchema>;

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: passwordSchema,
    keepApiTokens: z
      .boolean()
      .default(false)
      .describe('Keep your API tokens working; by default they end with your other sessions'),
  })
  .meta({ example: { currentPassword: 'old passphrase', newPassword: 'a new long passphrase' } });

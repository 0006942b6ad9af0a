// A page's own check of the role: someone who types the address of a page their role cannot use
// (a stakeholder at /reports/new) reads why and whom to ask, instead of a form the API would refuse.
import { Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { allows, roles, roleWords, type Permission, type Role } from '../lib/permissions.ts';
import { useCurrentUser } from './session.tsx';

// Each role as one person of it, to name whom to ask.
const someone: Record<Role, string> = {
  admin: 'an admin',
  responder: 'a responder',
  support: 'a support agent',
  stakeholder: 'a stakeholder',
};

/** "a support agent, a responder or an admin": the roles holding `permission`, admins last. */
export function whoMay(permission: Permission): string {
  const who = roles
    .filter((r) => allows(r, permission))
    .sort((a, b) => Number(a === 'admin') - Number(b === 'admin'))
    .map((r) => someone[r]);
  return who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who.at(-1)}` : (who[0] ?? 'an admin');
}

/** What a page needs, and what it is for in words ("file reports", "see who is on call"). */
export interface PageNeed {
  permission: Permission;
  /** What the page does, after "cannot": "file reports". */
  what: string;
  /** What to ask the others for, after "ask …": "to file it for you". */
  ask: string;
}

function NotForYourRole({ need }: { need: PageNeed }) {
  const me = useCurrentUser();
  const plural = `${roleWords[me.role].label}s`;
  useDocumentTitle(`${plural} cannot ${need.what} · Expedite`);
  return (
    <Stack align="flex-start" data-testid="not-for-your-role">
      <Title order={1}>
        {plural} cannot {need.what}
      </Title>
      <Text>
        Your role ({roleWords[me.role].label.toLowerCase()}) {roleWords[me.role].can}. Ask{' '}
        {whoMay(need.permission)} {need.ask}.
      </Text>
      <Button component={Link} to="/" variant="light">
        Go home
      </Button>
    </Stack>
  );
}

/** Shows `children` to whoever holds `need.permission`, else says why not and whom to ask. */
export function RequirePermission({ need, children }: { need: PageNeed; children: ReactNode }) {
  const me = useCurrentUser();
  return allows(me.role, need.permission) ? children : <NotForYourRole need={need} />;
}

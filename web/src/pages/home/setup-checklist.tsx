// The admin's setup checklist on the home page, shown until paging works end to end: a service
// with an escalation policy, someone on call with a verified contact method, a test alert sent.
import { Anchor, Card, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCurrentUser } from '../../app/session.tsx';
import { allows } from '../../lib/permissions.ts';
import { useChecklist, type ChecklistStep } from '../../lib/setup-data.ts';

const where: Record<ChecklistStep['id'], { to: string; label: string }> = {
  'service-policy': { to: '/admin/services', label: 'Open Services' },
  'reachable-on-call': { to: '/me', label: 'Add a contact method' },
  'test-alert': { to: '/admin/integrations', label: 'Open Integrations' },
};

/** The checklist for admins while paging is not yet set up; nothing otherwise. */
export function SetupChecklist() {
  const me = useCurrentUser();
  const admin = allows(me.role, 'paging:manage');
  const q = useChecklist(admin);
  if (!admin || !q.data || q.data.complete) return null;
  const done = q.data.steps.filter((s) => s.done).length;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="setup-checklist">
      <Stack gap="xs">
        <Title order={2} size="h4" id="setup-checklist">
          Set up paging ({done} of {q.data.steps.length} done)
        </Title>
        <Text size="sm" c="dimmed">
          Until these are done, an alert may page nobody.
        </Text>
        <List spacing="xs" center aria-label="Setup steps">
          {q.data.steps.map((s) => (
            <List.Item
              key={s.id}
              icon={
                <ThemeIcon color={s.done ? 'green' : 'gray'} variant="light" size={22} radius="xl">
                  {s.done ? <IconCheck size={14} aria-hidden /> : <IconCircleDashed size={14} aria-hidden />}
                </ThemeIcon>
              }
            >
              <Text size="sm" fw={500} span>
                {s.title}
              </Text>
              <Text size="sm" span>
                {' — '}
                {s.done ? 'done' : s.detail}{' '}
                {!s.done && (
                  <Anchor component={Link} to={where[s.id].to}>
                    {where[s.id].label}
                  </Anchor>
                )}
              </Text>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}

// Escalation (/admin/escalation): escalation policies (who is paged, in which order, how long each
// level waits), the organisation's default policy, teams (areas they answer for, members, their
// policy) and business hours.
import { Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { EscalationPolicy, Team } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { labels } from '../../lib/labels.ts';
import { usePolicies, useTeams } from '../../lib/paging-data.ts';
import { minutesText } from '../../lib/paging-words.ts';
import { allows } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { ReachWarning } from '../../components/reach-warning.tsx';
import { useDefaultPolicy } from '../../lib/setup-data.ts';
import { BusinessHoursForm } from './business-hours-form.tsx';
import { DefaultPolicyForm } from './default-policy.tsx';
import { PolicyForm } from './policy-form.tsx';
import { UrgencySummary } from './urgency-summary.tsx';
import { useTargetWords } from './target-picker.tsx';
import { TeamForm } from './team-form.tsx';

function PolicyCard({ policy, onEdit }: { policy: EscalationPolicy; onEdit: () => void }) {
  const words = useTargetWords();
  const isDefault = useDefaultPolicy().data?.policyId === policy.id;
  return (
    <Card withBorder padding="md" component="li" aria-labelledby={`policy-${policy.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h5" id={`policy-${policy.id}`} style={{ overflowWrap: 'anywhere' }}>
            {policy.name}
          </Title>
          <Button size="xs" variant="default" onClick={onEdit} aria-label={`Edit ${policy.name}`}>
            Edit
          </Button>
        </Group>
        <Stack gap={4} component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
          {policy.levels.map((l, i) => (
            <Text key={i} component="li" size="sm">
              <strong>Level {i + 1}:</strong> {l.targets.map(words).join(', ')}
              <Text span c="dimmed" inherit>
                {' '}
                — next level after {minutesText(l.timeoutMinutes)}
              </Text>
            </Text>
          ))}
        </Stack>
        <ReachWarning targets={policy.levels.flatMap((l) => l.targets)} what="this policy" />
        <Group gap="xs">
          {isDefault && (
            <Badge variant="light" color="blue" tt="none" c="var(--mantine-color-text)">
              Organisation default
            </Badge>
          )}
          <Badge variant="light" color="gray" tt="none" c="var(--mantine-color-text)">
            {policy.repeat === 0
              ? 'Runs once'
              : `Runs again ${policy.repeat} ${policy.repeat === 1 ? 'time' : 'times'}`}
          </Badge>
        </Group>
        <UrgencySummary policy={policy} />
      </Stack>
    </Card>
  );
}

function Policies() {
  const policies = usePolicies();
  const [editing, setEditing] = useState<EscalationPolicy | null>(null);
  const [open, setOpen] = useState(false);
  const items = policies.data ?? [];
  const edit = (p: EscalationPolicy | null) => {
    setEditing(p);
    setOpen(true);
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          Escalation policies
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => edit(null)}>
          New policy
        </Button>
      </Group>
      {policies.isPending ? (
        <LoadingState label="Loading policies" />
      ) : policies.error ? (
        <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>
          No escalation policies yet. Nobody is paged until one covers a team or service.
        </EmptyState>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((p) => (
            <PolicyCard key={p.id} policy={p} onEdit={() => edit(p)} />
          ))}
        </Stack>
      )}
      <PolicyForm opened={open} policy={editing} onClose={() => setOpen(false)} />
    </Stack>
  );
}

function Teams() {
  const teams = useTeams();
  const policies = usePolicies();
  const [editing, setEditing] = useState<Team | null>(null);
  const [open, setOpen] = useState(false);
  const items = teams.data ?? [];
  const policyName = (id: string | null) =>
    id ? (policies.data?.find((p) => p.id === id)?.name ?? 'A removed policy') : 'None';
  const edit = (t: Team | null) => {
    setEditing(t);
    setOpen(true);
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          Teams
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => edit(null)}>
          New team
        </Button>
      </Group>
      {teams.isPending ? (
        <LoadingState label="Loading teams" />
      ) : teams.error ? (
        <ErrorState error={teams.error} onRetry={() => void teams.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>No teams yet. A team links incident areas to an escalation policy.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={620} type="native" style={{ position: 'relative' }}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Team</Table.Th>
                <Table.Th>Answers for</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>Policy</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td fw={500}>{t.name}</Table.Td>
                  <Table.Td>{t.areas.length ? t.areas.map((a) => labels.area[a]).join(', ') : '—'}</Table.Td>
                  <Table.Td>{t.members.length ? t.members.map((m) => m.name).join(', ') : 'Nobody'}</Table.Td>
                  <Table.Td>{policyName(t.escalationPolicyId)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => edit(t)}
                      aria-label={`Edit team ${t.name}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <TeamForm opened={open} team={editing} onClose={() => setOpen(false)} />
    </Stack>
  );
}

/** The escalation admin page at /admin/escalation. */
export function EscalationPage() {
  const me = useCurrentUser();
  if (!allows(me.role, 'paging:manage'))
    return (
      <Stack align="flex-start">
        <Title order={1}>Only admins manage escalation</Title>
        <Text>Ask an admin to change who is paged.</Text>
      </Stack>
    );
  return (
    <Stack gap="xl" style={readableColors}>
      <div>
        <Title order={1}>Escalation</Title>
        <Text c="dimmed" size="sm">
          Who is paged for an incident, in which order, and when.
        </Text>
      </div>
      <Policies />
      <DefaultPolicyForm />
      <Teams />
      <BusinessHoursForm />
    </Stack>
  );
}

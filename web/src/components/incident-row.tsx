// One incident at a glance (tagline, urgency, status, decision, owner, age), shared by the home page
// and the incident list so that an incident reads the same way everywhere.
import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Incident } from '../api/types.ts';
import { phrases, plainWords, type Urgency } from '../lib/labels.ts';
import { urgencySource, type UrgencySource } from '../../../src/incidents/urgency-source.ts';
import { age, when } from '../lib/time.ts';
import { DecisionBadge, StatusBadge } from './badges.tsx';

/** Secondary text dark enough for WCAG AA in both themes (Mantine's "dimmed" is too light on white). */
export const mutedColor = 'light-dark(var(--mantine-color-gray-7), var(--mantine-color-dark-1))';

// Shades with AA contrast for their text (autoContrast picks black on orange.6 and yellow.5); the
// shared urgencyColor's orange gives white on orange.8, 3.6:1.
const urgencyShade: Record<Urgency, string> = { P1: 'red.9', P2: 'orange.6', P3: 'yellow.5', P4: 'gray.8' };

const sourceSuffix = {
  policy: '',
  hand: ' (set by hand)',
  alert: ' (from alert severity)',
  rule: ' (from routing rule)',
} as const;

/**
 * "P1 · critical", or "No urgency" while unclassified, in colours readable in both themes; with `source`,
 * whether a person or the alert's severity set it rather than the urgency policy.
 */
export function UrgencyMark({ urgency, source }: { urgency: Urgency | null; source?: UrgencySource }) {
  return (
    <Badge color={urgency ? urgencyShade[urgency] : 'gray'} variant={urgency ? 'filled' : 'outline'}>
      {urgency ? `${urgency} · ${phrases.urgency[urgency]}` : 'No urgency'}
      {source ? sourceSuffix[source.kind] : ''}
    </Badge>
  );
}

/** An incident's urgency mark, saying where the urgency came from. */
export function IncidentUrgency({ incident }: { incident: Incident }) {
  return <UrgencyMark urgency={incident.urgency} source={urgencySource(incident)} />;
}

/** The address of an incident's page. */
export function incidentPath(incident: Pick<Incident, 'number'>): string {
  return `/incidents/${incident.number}`;
}

/** The owner's name, or "No owner" said plainly (an unowned incident needs someone). */
export function OwnerName({ incident }: { incident: Incident }) {
  return incident.owner ? (
    <Text span size="sm" inherit>
      {incident.owner.name}
    </Text>
  ) : (
    <Text span size="sm" fs="italic" inherit>
      No owner
    </Text>
  );
}

/** How long ago the incident was declared, with the exact time for a pointer or screen reader. */
export function IncidentAge({ incident, now }: { incident: Incident; now?: number }) {
  return (
    <time dateTime={incident.createdAt} title={when(incident.createdAt)}>
      {age(incident.createdAt, now)} ago
    </time>
  );
}

/**
 * The tagline as the link to the incident, wrapping anywhere so long codes never overflow a phone,
 * then its codes in plain words ("Some admins · a feature is blocked · front end"): nobody has to
 * know the codes to read a list.
 */
export function IncidentLink({ incident }: { incident: Incident }) {
  const words = plainWords(incident);
  return (
    <>
      <Anchor component={Link} to={incidentPath(incident)} fw={600} style={{ overflowWrap: 'anywhere' }}>
        {incident.tagline}
      </Anchor>
      {words && (
        <Text size="sm" c={mutedColor} data-testid="codes-in-words">
          {words}
        </Text>
      )}
    </>
  );
}

/** An incident as a card: number and badges, the tagline linking to its page, owner and age. */
export function IncidentCard({ incident, now }: { incident: Incident; now?: number }) {
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Stack gap={6}>
        <Group gap={6} wrap="wrap">
          <Text span size="sm" fw={600} c={mutedColor}>
            #{incident.number}
          </Text>
          <IncidentUrgency incident={incident} />
          <StatusBadge status={incident.status} />
          <DecisionBadge decision={incident.decision} />
        </Group>
        <Stack gap={0}>
          <IncidentLink incident={incident} />
        </Stack>
        <Text size="sm" c={mutedColor}>
          <OwnerName incident={incident} /> · opened <IncidentAge incident={incident} now={now} />
        </Text>
      </Stack>
    </Paper>
  );
}

/** A list of incident cards. */
export function IncidentCardList({ incidents, now }: { incidents: Incident[]; now?: number }) {
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
      {incidents.map((i) => (
        <IncidentCard key={i.id} incident={i} now={now} />
      ))}
    </Stack>
  );
}

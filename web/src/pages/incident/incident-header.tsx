// The head of the incident room: number, tagline with its codes in plain words, status, urgency
// (and where it came from: the policy, a person, the alert's severity), decision, owner, age, where
// the incident came from (alerts, a support report) and whether live updates are flowing.
import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import type { LiveState } from '../../api/live.ts';
import type { Incident } from '../../api/types.ts';
import { DecisionBadge, StatusBadge } from '../../components/badges.tsx';
import { plainWords, phrases, type Urgency } from '../../lib/labels.ts';
import { age, when } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { urgencySource, type UrgencySource } from './incident-model.ts';
import classes from './room.module.css';
import { PagingStatus } from './paging/paging-status.tsx';

const liveWords: Record<LiveState, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline: reload to see changes',
};

// Filled urgency colours with the text colour that keeps each at 4.5:1 or more.
const urgencyLook: Record<Urgency, { bg: string; fg: string }> = {
  P1: { bg: 'red.9', fg: 'white' },
  P2: { bg: 'orange.9', fg: 'black' },
  P3: { bg: 'yellow.4', fg: 'black' },
  P4: { bg: 'gray.7', fg: 'white' },
};

const sourceWords = (source: UrgencySource): string =>
  source.kind === 'hand'
    ? ' · set by hand'
    : source.kind === 'alert'
      ? ` · from alert severity (${source.severity})`
      : source.kind === 'rule'
        ? ` · from routing rule ${source.rule}`
        : '';

/** P1–P4 with its word (or no urgency yet), and where it came from; the shared badge's P2 is below AA. */
function UrgencyMark({ urgency, source }: { urgency: Urgency | null; source: UrgencySource }) {
  const suffix = sourceWords(source);
  if (!urgency)
    return (
      <Badge color="gray" variant="outline" c="var(--mantine-color-text)" tt="none">
        No urgency{suffix}
      </Badge>
    );
  return (
    <Badge color={urgencyLook[urgency].bg} c={urgencyLook[urgency].fg} variant="filled" tt="none">
      {urgency} · {phrases.urgency[urgency]}
      {suffix}
    </Badge>
  );
}

/** Whether changes by others appear on their own. */
function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <Text size="xs" className={classes.muted} role="status">
      <span className={`${classes.dot} ${state === 'live' ? classes.dotLive : classes.dotOff}`} aria-hidden />
      {liveWords[state]}
    </Text>
  );
}

/** The incident's header. */
export function IncidentHeader({ incident, live }: { incident: Incident; live: LiveState }) {
  const now = useNow();
  useEffect(() => {
    const before = document.title;
    document.title = `#${incident.number} ${incident.tagline} · Expedite`;
    return () => {
      document.title = before;
    };
  }, [incident.number, incident.tagline]);
  const source = urgencySource(incident);
  const words = plainWords(incident);
  const lasted = incident.resolvedAt
    ? `Resolved after ${age(incident.createdAt, Date.parse(incident.resolvedAt))}`
    : `Open for ${age(incident.createdAt, now)}`;
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        <Text fw={700} size="lg">
          #{incident.number}
        </Text>
        <StatusBadge status={incident.status} />
        <UrgencyMark urgency={incident.urgency} source={source} />
        <DecisionBadge decision={incident.decision} />
        <LiveIndicator state={live} />
      </Group>
      <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
        {incident.tagline}
      </Title>
      {words && (
        <Text size="sm" data-testid="tagline-words">
          {words}
        </Text>
      )}
      {source.kind === 'hand' && (
        <Text size="sm">
          <strong>Urgency set by hand:</strong> {source.reason}
        </Text>
      )}
      <Group gap="lg" wrap="wrap">
        <Text size="sm">
          <span className={classes.muted}>Owner </span>
          <strong>{incident.owner ? incident.owner.name : 'Nobody yet'}</strong>
        </Text>
        {incident.origin && (
          <Text size="sm" data-testid="incident-origin">
            {incident.origin.kind === 'alert' ? (
              <>
                <span className={classes.muted}>Opened by alerts from </span>
                <strong>{incident.origin.integrationName}</strong>
              </>
            ) : (
              <>
                <span className={classes.muted}>Reported by </span>
                <strong>{incident.origin.reporter.name}</strong>
              </>
            )}
          </Text>
        )}
        <Text size="sm">
          <span className={classes.muted}>{lasted} </span>
          <span className={classes.muted}>(declared {when(incident.createdAt)})</span>
        </Text>
      </Group>
      <PagingStatus incident={incident} />
      {incident.description && (
        <Text size="sm" className={classes.prewrap}>
          {incident.description}
        </Text>
      )}
      {incident.stepsToReproduce && !incident.description.includes(incident.stepsToReproduce) && (
        <Text size="sm" className={classes.prewrap}>
          <strong>Steps to reproduce</strong>
          {`\n${incident.stepsToReproduce}`}
        </Text>
      )}
      {incident.resolutionSummary && (incident.status === 'resolved' || incident.status === 'closed') && (
        <Alert
          color="green"
          title="Resolution summary"
          variant="light"
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
        >
          <span className={classes.prewrap}>{incident.resolutionSummary}</span>
        </Alert>
      )}
    </Stack>
  );
}

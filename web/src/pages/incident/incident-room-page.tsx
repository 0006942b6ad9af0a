// The incident room (/incidents/:ref): everything about one incident and the work on it, kept live
// across browsers and server instances. Wide screens show the timeline beside the details; phones
// get tabs, with the first-response actions at the top. People who only follow the incident see
// no empty work panels (no tasks, no time, no team yet).
import { Alert, Button, Card, Grid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconEye } from '@tabler/icons-react';
import { Suspense, lazy, useDeferredValue, useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client.ts';
import { useLiveUpdates } from '../../api/live.ts';
import type { Incident } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { allows } from '../../lib/permissions.ts';
import { CommunicationPanel } from './communication-panel.tsx';
import { ChatPanel } from './chat-panel.tsx';
import { HandoffPanel } from './handoff-panel.tsx';
import { awaitsDecision, DecisionPanel } from './decision-panel.tsx';
import { DetailsPanel } from './details-panel.tsx';
import { DeviationsPanel } from './deviations-panel.tsx';
import { HotfixPanel } from './hotfix-panel.tsx';
import { DeploymentsPanel } from './deployments-panel.tsx';
import { readEarly } from './early-reads.ts';
import { IncidentActions } from './incident-actions.tsx';
import { IncidentHeader } from './incident-header.tsx';
import { NoteComposer } from './note-composer.tsx';
import { PostmortemPanel } from './postmortem-panel.tsx';
import { RolesPanel } from './roles-panel.tsx';
import { SeenBeforePanel } from './seen-before-panel.tsx';
import { ResolutionReportPanel } from './resolution-report-panel.tsx';
import { hasSignals, signalVersions } from './signals-model.ts';
import { TasksPanel, useTasks } from './tasks-panel.tsx';
import classes from './room.module.css';
import { TimePanel, useTime } from './time-panel.tsx';
import { Timeline } from './timeline.tsx';
import { incidentPath, useIncident } from './use-incident.ts';
import { readTimeline, useTimeline } from './use-timeline.ts';
import { VerificationPanel } from './verification-panel.tsx';

// Alerts and reports are on few incidents: their panel (chart, HAR tables) loads only when needed.
const SignalsPanel = lazy(() => import('./signals-panel.tsx').then((m) => ({ default: m.SignalsPanel })));

// Opening the room: start its two biggest reads while React still shows the loading spinner.
const opening = /^\/incidents\/([0-9]+)\/?$/.exec(window.location.pathname);
if (opening?.[1]) {
  const ref = opening[1];
  readEarly(`incident:${ref}`, () => api<Incident>(incidentPath(ref)));
  readEarly(`timeline:${ref}`, () => readTimeline(ref));
}

function NotFoundIncident({ incidentRef }: { incidentRef: string }) {
  return (
    <Stack align="flex-start">
      <Title order={1}>Incident #{incidentRef} not found</Title>
      <Text>There is no incident with this number. It may have been mistyped.</Text>
      <Button component={Link} to="/incidents" variant="light">
        See all incidents
      </Button>
    </Stack>
  );
}

function Room({ incident, incidentRef }: { incident: Incident; incidentRef: string }) {
  const me = useCurrentUser();
  const live = useLiveUpdates(incidentRef);
  const work = allows(me.role, 'incidents:work');
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  // Header, actions and timeline come first; the side panels render once the timeline is in.
  const timelineQuery = useTimeline(incidentRef);
  const timelineIn = !timelineQuery.isPending;
  const showPanels = useDeferredValue(timelineIn, false);
  const later = (node: ReactNode) => (showPanels ? node : <LoadingState />);
  const versions = useMemo(() => signalVersions(timelineQuery.data), [timelineQuery.data]);
  const has = hasSignals(incident, versions);
  const signals =
    has.alerts || has.reports
      ? later(
          <Suspense fallback={<LoadingState label="Loading the signals" />}>
            <SignalsPanel incident={incident} incidentRef={incidentRef} />
          </Suspense>,
        )
      : null;
  const timeline = (
    <Timeline
      incidentRef={incidentRef}
      composer={work ? <NoteComposer incidentRef={incidentRef} /> : undefined}
    />
  );
  const panel = { incident, incidentRef, canWork: work };
  // A work panel is for adding work; to a reader an empty one is only noise.
  const taskList = useTasks(incidentRef).data;
  const timeList = useTime(incidentRef).data;
  const shown = {
    tasks: work || !!taskList?.length,
    time: work || !!timeList?.items.length,
    team: work || incident.roles.length > 0,
  };
  const tasks = shown.tasks ? later(<TasksPanel {...panel} />) : null;
  const time = shown.time ? later(<TimePanel {...panel} />) : null;
  const team = shown.team ? later(<RolesPanel {...panel} />) : null;
  const details = later(<DetailsPanel incident={incident} />);

  return (
    <Stack gap="md" className={classes.room}>
      <IncidentHeader incident={incident} live={live} />
      {work ? (
        <IncidentActions incident={incident} incidentRef={incidentRef} />
      ) : (
        <Alert variant="light" color="gray" icon={<IconEye aria-hidden />}>
          You can follow this incident; responders and admins work on it.
        </Alert>
      )}
      {awaitsDecision(incident) && <DecisionPanel {...panel} />}
      <SeenBeforePanel incident={incident} incidentRef={incidentRef} />
      <CommunicationPanel {...panel} />
      <ChatPanel {...panel} />
      {/* The fix, in the procedure's order: deviations, hotfix, deployments, verification; then
          the hand-off of work that waits, and what is learned. */}
      <DeviationsPanel {...panel} />
      <HotfixPanel {...panel} />
      <DeploymentsPanel {...panel} />
      <VerificationPanel {...panel} />
      <HandoffPanel {...panel} />
      <ResolutionReportPanel {...panel} />
      <PostmortemPanel {...panel} />
      {wide ? (
        <Grid gap="lg">
          <Grid.Col span={8}>
            <Stack gap="lg">
              {signals && (
                <Card withBorder padding="md">
                  {signals}
                </Card>
              )}
              {timeline}
            </Stack>
          </Grid.Col>
          <Grid.Col span={4}>
            <Stack>
              {[tasks, team, time, details].map(
                (panel, i) =>
                  panel && (
                    <Card key={i} withBorder padding="md">
                      {panel}
                    </Card>
                  ),
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      ) : (
        <Tabs
          defaultValue="timeline"
          styles={signals ? { tab: { paddingInline: 'var(--mantine-spacing-xs)' } } : undefined}
        >
          {/* Five tabs fit a 375 px phone on one line with narrower padding. */}
          <Tabs.List grow>
            <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
            {signals && <Tabs.Tab value="signals">Signals</Tabs.Tab>}
            {tasks && <Tabs.Tab value="tasks">Tasks</Tabs.Tab>}
            {time && <Tabs.Tab value="time">Time</Tabs.Tab>}
            <Tabs.Tab value="details">{team ? 'Team' : 'Details'}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="timeline" pt="md">
            {timeline}
          </Tabs.Panel>
          {signals && (
            <Tabs.Panel value="signals" pt="md">
              {signals}
            </Tabs.Panel>
          )}
          {tasks && (
            <Tabs.Panel value="tasks" pt="md">
              {tasks}
            </Tabs.Panel>
          )}
          {time && (
            <Tabs.Panel value="time" pt="md">
              {time}
            </Tabs.Panel>
          )}
          <Tabs.Panel value="details" pt="md">
            <Stack gap="lg">
              {team}
              {details}
            </Stack>
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

/** The incident room page. */
export function IncidentRoomPage() {
  const { ref = '' } = useParams();
  const incident = useIncident(ref);
  // Start reading the timeline (the biggest read) together with the incident, not after it.
  useTimeline(ref);
  if (incident.data) return <Room key={ref} incident={incident.data} incidentRef={ref} />;
  if (incident.isPending) return <LoadingState label={`Loading incident #${ref}`} />;
  const err = incident.error;
  if (err instanceof ApiError && (err.status === 404 || err.status === 400))
    return <NotFoundIncident incidentRef={ref} />;
  return <ErrorState error={err} onRetry={() => void incident.refetch()} />;
}

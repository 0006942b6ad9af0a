// Home: the open incidents grouped by urgency, most urgent first, updating live, with a "Mine" view
// and the Declare action at hand — the first screen someone sees when things go wrong.
import { Alert, Anchor, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconMessageReport, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { fetchIncidents } from '../../api/incidents.ts';
import { keys } from '../../api/keys.ts';
import { useLiveUpdates } from '../../api/live.ts';
import type { ListQuery } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { LiveIndicator } from '../../components/live-indicator.tsx';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { allows } from '../../lib/permissions.ts';
import { useNow } from '../../lib/use-now.ts';
import { SetupChecklist } from './setup-checklist.tsx';
import { UrgencyGroups } from './urgency-groups.tsx';

const loadDeclare = () => import('../../features/declare/declare-modal.tsx');
const DeclareModal = lazy(() => loadDeclare().then((m) => ({ default: m.DeclareModal })));

type View = 'all' | 'mine';

/** Open incidents by urgency. */
export function HomePage() {
  useDocumentTitle('Open incidents · Expedite');
  const me = useCurrentUser();
  const canDeclare = allows(me.role, 'incidents:declare');
  const live = useLiveUpdates();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'mine' ? 'mine' : 'all';
  const [declaring, { open: openDeclare, close: closeDeclare }] = useDisclosure(false);

  // Fetch the declare form ahead of time so the "d" key opens it at once.
  useEffect(() => {
    if (canDeclare) void loadDeclare();
  }, [canDeclare]);

  const query: ListQuery =
    view === 'mine' ? { status: 'open', owner: 'me', limit: 200 } : { status: 'open', limit: 200 };
  const list = useQuery({
    queryKey: keys.incidentList(query),
    queryFn: ({ signal }) => fetchIncidents(query, signal),
  });

  // Support agents, responders and admins may also file a customer's report (reports:file).
  const declareButton = canDeclare && (
    <Group gap="sm">
      <Button
        variant="default"
        size="md"
        component={Link}
        to="/reports/new"
        leftSection={<IconMessageReport size={18} aria-hidden />}
      >
        Report a problem
      </Button>
      <Button color="red.9" size="md" leftSection={<IconPlus size={18} aria-hidden />} onClick={openDeclare}>
        Declare incident
      </Button>
    </Group>
  );

  let content;
  if (list.isPending) content = <LoadingNote label="Loading open incidents" />;
  else if (!list.data) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0)
    content =
      view === 'mine' ? (
        <QuietState
          action={
            <Anchor component={Link} to="/">
              See all open incidents
            </Anchor>
          }
        >
          You own no open incidents.
        </QuietState>
      ) : (
        <QuietState
          action={
            canDeclare && (
              <Button color="red.9" variant="outline" onClick={openDeclare}>
                Declare an incident
              </Button>
            )
          }
        >
          No open incidents. If something is wrong, declare it.
        </QuietState>
      );
  else
    content = (
      <Stack gap="lg">
        {list.isError && (
          <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Not up to date">
            Could not refresh: {errorMessage(list.error)}
          </Alert>
        )}
        <UrgencyGroups incidents={list.data.items} now={now} />
        {list.data.nextCursor && (
          <Text size="sm">
            Showing the 200 newest open incidents.{' '}
            <Anchor component={Link} to="/incidents?status=open">
              See all in the incident list
            </Anchor>
          </Text>
        )}
      </Stack>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Group gap="sm" align="center">
          <Title order={1}>Open incidents</Title>
          <LiveIndicator state={live} />
        </Group>
        {declareButton}
      </Group>
      <SetupChecklist />
      <Tabs value={view} onChange={(v) => setParams(v === 'mine' ? { view: 'mine' } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="all">All open</Tabs.Tab>
          <Tabs.Tab value="mine">Mine</Tabs.Tab>
        </Tabs.List>
        {(['all', 'mine'] as const).map((v) => (
          <Tabs.Panel key={v} value={v} pt="md">
            {v === view && content}
          </Tabs.Panel>
        ))}
      </Tabs>
      {declaring && (
        <Suspense fallback={null}>
          <DeclareModal opened={declaring} onClose={closeDeclare} />
        </Suspense>
      )}
    </Stack>
  );
}

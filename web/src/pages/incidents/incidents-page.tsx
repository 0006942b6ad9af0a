// The incident list: filters and search kept in the URL (a copied link reproduces the view), "Load
// more" cursor pagination, a table on wide screens and cards on phones, updating live.
import { Alert, Box, Button, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconLink } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { fetchIncidents } from '../../api/incidents.ts';
import { keys } from '../../api/keys.ts';
import { useLiveUpdates } from '../../api/live.ts';
import { IncidentCardList } from '../../components/incident-row.tsx';
import { LiveIndicator } from '../../components/live-indicator.tsx';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { useNow } from '../../lib/use-now.ts';
import { IncidentFilters } from './incident-filters.tsx';
import {
  filtersFromParams,
  hasFilters,
  paramsFromFilters,
  toListQuery,
  type Filters,
} from './incident-query.ts';
import { IncidentTable } from './incident-table.tsx';

/** Incidents, filtered and searched. */
export function IncidentsPage() {
  useDocumentTitle('Incidents · Expedite');
  const live = useLiveUpdates();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const query = toListQuery(filters);

  const list = useInfiniteQuery({
    queryKey: [...keys.incidentList(query), 'pages'],
    queryFn: ({ pageParam, signal }) => fetchIncidents({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  // Each filter change is a history entry (Back undoes it); refining a search replaces its entry.
  // The patch applies to the address as it is now, not as of the last render: two quick changes
  // (a box ticked, then a status picked before the page redrew) both stay.
  const change = (patch: Partial<Filters>, typing = false) => {
    const current = new URLSearchParams(window.location.search);
    setParams(paramsFromFilters({ ...filtersFromParams(current), ...patch }), {
      replace: typing && current.has('q'),
    });
  };
  const clear = () => setParams(new URLSearchParams());

  const incidents = list.data?.pages.flatMap((p) => p.items) ?? [];
  let content;
  if (list.isPending) content = <LoadingNote label="Loading incidents" />;
  else if (list.isError && !list.data)
    content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (incidents.length === 0)
    content = hasFilters(filters) ? (
      <QuietState
        action={
          <Button variant="default" onClick={clear}>
            Clear filters
          </Button>
        }
      >
        No incidents match these filters.
      </QuietState>
    ) : (
      <QuietState>No incidents yet.</QuietState>
    );
  else
    content = (
      <Stack gap="sm">
        {list.isError && (
          <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Not up to date">
            Could not load more or refresh: {errorMessage(list.error)}
          </Alert>
        )}
        <Text size="sm" role="status">
          {incidents.length} incident{incidents.length === 1 ? '' : 's'}
          {list.hasNextPage ? ' shown; more below' : ''}
        </Text>
        <Box visibleFrom="md">
          <IncidentTable incidents={incidents} now={now} />
        </Box>
        <Box hiddenFrom="md">
          <IncidentCardList incidents={incidents} now={now} />
        </Box>
        {list.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            style={{ alignSelf: 'center' }}
          >
            Load more
          </Button>
        )}
      </Stack>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Group gap="sm" align="center">
          <Title order={1}>Incidents</Title>
          <LiveIndicator state={live} />
        </Group>
        <CopyButton value={window.location.href}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconLink size={16} aria-hidden />}
              onClick={copy}
            >
              {copied ? 'Link copied' : 'Copy link to this view'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Box role="search" aria-label="Filter incidents">
        <IncidentFilters filters={filters} onChange={change} onClear={clear} />
      </Box>
      {content}
    </Stack>
  );
}

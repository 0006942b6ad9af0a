// Insights: whether incident response is getting better. Filters live in the address (a view can be
// shared or bookmarked); the figures come from GET /insights and download as CSV.
import '@mantine/charts/styles.css';
import {
  Button,
  Group,
  Select,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Insights } from '../../api/types.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { LoadingNote } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { urgencies } from '../../lib/labels.ts';
import { useClients, useTeams } from '../../lib/paging-data.ts';
import { Durations, FollowUps, Groups, Headline, OverTime, Pages, Sla } from './insights-sections.tsx';
import {
  apiQuery,
  defaultPeriod,
  filterNames,
  groupWords,
  type FilterName,
  type Filters,
} from './insights-words.ts';

/** The services, by name, for the filter. */
function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: async ({ signal }) =>
      (await api<{ items: { id: string; name: string }[] }>('/services', { signal })).items,
    staleTime: 60_000,
  });
}

function FiltersForm({
  filters,
  set,
  now,
}: {
  filters: Filters;
  set: (name: FilterName, value: string | null) => void;
  /** When the page opened: the default period ends that day. */
  now: number;
}) {
  const teams = useTeams();
  const services = useServices();
  const clients = useClients();
  const period = defaultPeriod(now);
  const options = (items: { id: string; name: string }[] | undefined) =>
    (items ?? []).map((i) => ({ value: i.id, label: i.name }));
  return (
    <Stack gap="sm" component="form" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <TextInput
          type="date"
          label="From"
          value={filters.from ?? period.from}
          onChange={(e) => set('from', e.currentTarget.value || null)}
        />
        <TextInput
          type="date"
          label="To (included)"
          value={filters.to ?? period.to}
          onChange={(e) => set('to', e.currentTarget.value || null)}
        />
        <Select
          label="Group by"
          placeholder="No grouping"
          clearable
          data={Object.entries(groupWords).map(([value, label]) => ({ value, label }))}
          value={filters.groupBy ?? null}
          onChange={(v) => set('groupBy', v)}
        />
        <Select
          label="Urgency"
          placeholder="Any urgency"
          clearable
          data={[...urgencies]}
          value={filters.urgency ?? null}
          onChange={(v) => set('urgency', v)}
        />
        <Select
          label="Team"
          placeholder="Every team"
          clearable
          searchable
          data={options(teams.data)}
          value={filters.team ?? null}
          onChange={(v) => set('team', v)}
        />
        <Select
          label="Service"
          placeholder="Every service"
          clearable
          searchable
          data={options(services.data)}
          value={filters.service ?? null}
          onChange={(v) => set('service', v)}
        />
        <Select
          label="Client"
          placeholder="Every client"
          clearable
          searchable
          data={options(clients.data)}
          value={filters.client ?? null}
          onChange={(v) => set('client', v)}
        />
      </SimpleGrid>
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          aria-label="Step of the charts"
          data={[
            { value: 'day', label: 'Days' },
            { value: 'week', label: 'Weeks' },
            { value: 'month', label: 'Months' },
          ]}
          value={filters.bucket ?? 'week'}
          onChange={(v) => set('bucket', v)}
        />
      </Group>
    </Stack>
  );
}

/** The Insights page. */
export function InsightsPage() {
  useDocumentTitle('Insights · Expedite');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f: Filters = {};
    for (const name of filterNames) {
      const v = params.get(name);
      if (v) f[name] = v;
    }
    return f;
  }, [params]);
  // The default period is the 30 days up to the day the page opened.
  const [now] = useState(() => Date.now());
  const query = useMemo(() => apiQuery(filters, now), [filters, now]);
  const set = (name: FilterName, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const insights = useQuery({
    queryKey: keys.insights(query),
    queryFn: ({ signal }) => api<Insights>(`/insights?${query}`, { signal }),
    staleTime: 60_000,
  });

  let content;
  if (insights.isPending) content = <LoadingNote label="Working out the figures" />;
  else if (!insights.data)
    content = <ErrorState error={insights.error} onRetry={() => void insights.refetch()} />;
  else {
    const x = insights.data;
    content = (
      <Stack gap="md">
        <Headline x={x} />
        <OverTime x={x} />
        <Groups x={x} />
        <Durations x={x} />
        <Sla x={x} />
        <Pages x={x} />
        <FollowUps x={x} />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4}>
          <Title order={1}>Insights</Title>
          <Text c={mutedColor}>
            Incidents declared in the period: how fast they were acknowledged, resolved and verified, the
            SLAs, who was paged and what is left to follow up.
          </Text>
        </Stack>
        <Button
          component="a"
          href={`/api/v1/insights.csv?${query}`}
          download
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Download CSV
        </Button>
      </Group>
      <FiltersForm filters={filters} set={set} now={now} />
      {content}
    </Stack>
  );
}

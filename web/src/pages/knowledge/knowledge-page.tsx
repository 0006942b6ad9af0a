// The knowledge base (/knowledge): "have we seen this before?" Search what resolved and closed
// incidents left (their words and resolution summary, notes, resolution reports, published
// post-mortems); each result says what fixed it. The words live in the URL (?q=), so a search can be
// shared.
import { Card, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useDocumentTitle } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { PastIncident } from '../../api/types.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { PastIncidentItem } from '../../components/past-incidents.tsx';
import { QuietState } from '../../components/quiet-state.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';

const sources: Record<PastIncident['matched'][number], string> = {
  incident: 'the incident',
  note: 'a note',
  report: 'the resolution report',
  postmortem: 'the post-mortem',
  title: 'a similar title',
};

function Results({ q }: { q: string }) {
  const query = useQuery({
    queryKey: keys.knowledge(q),
    queryFn: async ({ signal }) =>
      (await api<{ items: PastIncident[] }>(`/knowledge?q=${encodeURIComponent(q)}&limit=30`, { signal }))
        .items,
    placeholderData: keepPreviousData,
    retry: false,
  });
  if (query.isPending) return <LoadingState label="Searching" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0)
    return <QuietState>No resolved incident left these words. Try fewer or other words.</QuietState>;
  return (
    <Stack gap="sm" aria-busy={query.isFetching}>
      <Text size="sm" c={mutedColor} role="status">
        {query.data.length === 1 ? 'One past incident' : `${query.data.length} past incidents`}
      </Text>
      {query.data.map((p) => (
        <Card key={p.incident.id} withBorder padding="md" component="article">
          <PastIncidentItem past={p} />
          <Text size="xs" c={mutedColor} mt={4}>
            Found in {p.matched.map((m) => sources[m]).join(', ')}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

/** The knowledge base page. */
export function KnowledgePage() {
  useDocumentTitle('Knowledge · Expedite');
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  const [typed, setTyped] = useState(q);
  const commit = useDebouncedCallback((value: string) => {
    const next = value.trim();
    setParams(next ? { q: next } : {}, { replace: true });
  }, 300);

  return (
    <Stack gap="md">
      <Title order={1}>Knowledge</Title>
      <Text c={mutedColor}>
        Have we seen this before? Search what resolved incidents left: their resolution, notes, reports and
        published post-mortems. Use quotes for a phrase and a minus to leave a word out.
      </Text>
      <TextInput
        type="search"
        label="Search past incidents"
        name="q"
        placeholder="e.g. connection pool exhausted"
        leftSection={<IconSearch size={16} aria-hidden />}
        maxLength={200}
        value={typed}
        onChange={(e) => {
          setTyped(e.currentTarget.value);
          commit(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit.flush();
        }}
      />
      {q ? <Results q={q} /> : null}
    </Stack>
  );
}

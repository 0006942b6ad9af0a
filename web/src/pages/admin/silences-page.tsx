// Silences and maintenance windows (/admin/silences): while one is active, matching alerts are still
// stored but open no incident and page nobody. Lists the active ones, creates new ones (scoped to an
// integration and/or a service, narrowed by label matchers) and ends one early.
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Silence } from '../../api/types.ts';
import { LabelBadges } from '../../components/alert-badges.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { when } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { useIntegrations } from './integrations-page.tsx';
import { CreateSilence, kindLabel, useServices } from './silence-form.tsx';

/** The silences and maintenance page. */
export function SilencesPage() {
  useDocumentTitle('Silences & maintenance · Expedite');
  const queryClient = useQueryClient();
  const now = useNow();
  const silences = useQuery({
    queryKey: keys.silences,
    queryFn: async ({ signal }) => (await api<{ items: Silence[] }>('/silences', { signal })).items,
  });
  const integrations = useIntegrations();
  const services = useServices();
  const end = useMutation({
    mutationFn: (s: Silence) => api<Silence>(`/silences/${s.id}`, { method: 'DELETE' }),
    onSuccess: async (s) => {
      notify(`${kindLabel[s.kind]} ended.`);
      await queryClient.invalidateQueries({ queryKey: keys.silences });
    },
  });
  const integrationName = (id: string) =>
    integrations.data?.find((i) => i.id === id)?.name ?? 'an integration';
  const serviceName = (id: string) => services.data?.find((s) => s.id === id)?.name ?? 'a service';
  const scope = (s: Silence) => {
    const parts = [
      s.integrationId ? `alerts from ${integrationName(s.integrationId)}` : null,
      s.serviceId ? `service ${serviceName(s.serviceId)}` : null,
    ].filter(Boolean);
    return parts.length ? parts.join(', ') : 'every alert';
  };
  const items = silences.data ?? [];

  return (
    <Stack gap="md" style={readableColors}>
      <div>
        <Title order={1}>Silences & maintenance</Title>
        <Text c="dimmed" size="sm">
          While one is active, matching alerts are still recorded but open no incident and page nobody.
        </Text>
      </div>
      <CreateSilence />
      <Title order={2} size="h4">
        Active and upcoming
      </Title>
      {silences.isPending ? (
        <LoadingState label="Loading silences" />
      ) : silences.isError ? (
        <ErrorState error={silences.error} onRetry={() => void silences.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>Nothing is silenced: every alert is routed.</EmptyState>
      ) : (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Active silences">
          {items.map((s) => {
            const upcoming = Date.parse(s.startsAt) > now;
            return (
              <Paper key={s.id} withBorder p="sm" component="li">
                <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <Badge
                        color={s.kind === 'maintenance' ? 'indigo.8' : 'gray.7'}
                        variant="filled"
                        tt="none"
                      >
                        {kindLabel[s.kind]}
                      </Badge>
                      <Text size="sm" fw={500}>
                        {scope(s)}
                      </Text>
                    </Group>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {s.reason}
                    </Text>
                    <LabelBadges labels={s.matchers} />
                    <Text size="sm" c="dimmed">
                      {upcoming
                        ? `Starts ${when(s.startsAt)}, ends ${when(s.endsAt)}`
                        : `Ends ${when(s.endsAt)}`}
                    </Text>
                  </Stack>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    loading={end.isPending && end.variables?.id === s.id}
                    onClick={() => end.mutate(s)}
                    aria-label={`End now: ${kindLabel[s.kind].toLowerCase()} for ${scope(s)} (${s.reason})`}
                  >
                    End now
                  </Button>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
      {end.error != null && (
        <Alert color="red" role="alert">
          Could not end it: {errorMessage(end.error)}
        </Alert>
      )}
    </Stack>
  );
}

// The form choosing what verifies a fix: a Prometheus query (bad above or below a threshold) or an
// integration's alert rate (its signals per minute over the last 5 minutes, bad above a
// threshold), and the window it must stay good for.
import { Button, Group, NumberInput, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Verification, WatchableIntegrations, WatchedMetricBody } from '../../api/types.ts';
import { fieldError } from '../../lib/form-errors.ts';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

type Kind = 'query' | 'integration';

/** Chooses, changes or stops the watched metric of incident `ref`. */
export function MetricForm({
  incidentRef: ref,
  verification: v,
}: {
  incidentRef: string;
  verification: Verification;
}) {
  const [kind, setKind] = useState<Kind>(v.metric.kind === 'integration' ? 'integration' : 'query');
  const [query, setQuery] = useState(v.metric.query ?? '');
  const [integrationId, setIntegrationId] = useState<string | null>(v.metric.integrationId);
  const [comparison, setComparison] = useState<'above' | 'below'>(v.metric.comparison ?? 'above');
  const [threshold, setThreshold] = useState<number | string>(v.metric.threshold ?? '');
  const [windowMinutes, setWindow] = useState<number | string>(v.windowMinutes);
  const integrations = useQuery({
    queryKey: keys.watchableIntegrations,
    queryFn: ({ signal }) => api<WatchableIntegrations>('/verification/integrations', { signal }),
    enabled: kind === 'integration',
  });
  const save = useIncidentMutation(
    ref,
    (body: WatchedMetricBody) =>
      api<Verification>(incidentPath(ref, '/watched-metric'), { method: 'PUT', body }),
    { success: () => 'The metric is watched', failure: 'The metric was not saved' },
  );
  const stop = useIncidentMutation(
    ref,
    () => api<Verification>(incidentPath(ref, '/watched-metric'), { method: 'DELETE' }),
    { success: () => 'The metric is no longer watched', failure: 'The metric is still watched' },
  );
  const common = { threshold: Number(threshold), windowMinutes: Number(windowMinutes) };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          kind === 'query'
            ? { query, comparison, ...common }
            : { integrationId: integrationId ?? undefined, ...common },
        );
      }}
    >
      <Stack gap="xs">
        <SegmentedControl
          aria-label="What to watch"
          value={kind}
          onChange={(x) => setKind(x === 'integration' ? 'integration' : 'query')}
          data={[
            { value: 'query', label: 'Prometheus query' },
            { value: 'integration', label: "An integration's alert rate" },
          ]}
        />
        {kind === 'query' ? (
          <TextInput
            label="PromQL query"
            description="Read from the configured Prometheus every 30 seconds while monitoring"
            placeholder="sum(rate(http_errors_total[1m]))"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            error={fieldError(save.error, 'body.query')}
          />
        ) : (
          <Select
            label="Integration"
            description="Its signals per minute over the last 5 minutes, counted every 30 seconds"
            placeholder={integrations.isLoading ? 'Loading the integrations' : 'Choose an integration'}
            data={(integrations.data?.items ?? []).map((i) => ({
              value: i.id,
              label: i.disabled ? `${i.name} (disabled)` : i.name,
            }))}
            value={integrationId}
            onChange={setIntegrationId}
            searchable
            nothingFoundMessage="No integration has this name"
            error={fieldError(save.error, 'body.integrationId')}
          />
        )}
        <Group gap="sm" align="flex-end" wrap="wrap">
          {kind === 'query' && (
            <SegmentedControl
              aria-label="Bad when the value is"
              value={comparison}
              onChange={(x) => setComparison(x === 'below' ? 'below' : 'above')}
              data={[
                { value: 'above', label: 'Bad above' },
                { value: 'below', label: 'Bad below' },
              ]}
            />
          )}
          <NumberInput
            label={kind === 'query' ? 'Threshold' : 'Bad above (per minute)'}
            value={threshold}
            onChange={setThreshold}
            decimalScale={6}
            w={kind === 'query' ? 120 : 170}
            error={fieldError(save.error, 'body.threshold')}
          />
          <NumberInput
            label="Window (min)"
            value={windowMinutes}
            onChange={setWindow}
            min={1}
            max={1440}
            allowDecimal={false}
            w={120}
            error={fieldError(save.error, 'body.windowMinutes')}
          />
        </Group>
        <Group gap="sm">
          <Button type="submit" size="xs" loading={save.isPending}>
            Watch this metric
          </Button>
          {(v.metric.kind === 'query' || v.metric.kind === 'integration') && (
            <Button
              size="xs"
              variant="default"
              loading={stop.isPending}
              onClick={() => stop.mutate(undefined)}
            >
              Stop watching it
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

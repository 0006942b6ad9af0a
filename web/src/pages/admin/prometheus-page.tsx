// Prometheus (/admin/prometheus): the Prometheus whose HTTP API watched queries are read from to
// verify fixes. Admins set its base URL, test it (the server asks it for vector(1)) and clear it;
// the page says when its host must be allowed in Outbound hosts first.
import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { PrometheusSetting, PrometheusTest } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';

const PRIVATE_HOST =
  /^(localhost|.*\.(local|internal|lan|home)|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[.*\])$/i;

/** The host:port to allow when `url` is plain http or on this machine or a private network. */
function hostToAllow(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || PRIVATE_HOST.test(u.hostname) ? u.host : null;
  } catch {
    return null;
  }
}

function TestResult({ result }: { result: PrometheusTest }) {
  return (
    <Alert
      color={result.ok ? 'green' : 'red'}
      variant="light"
      title={result.ok ? 'Prometheus answered' : 'The test failed'}
      role="status"
      // The title in the theme's text colour: readable on the light tint in both themes.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Text size="sm">{result.detail}</Text>
    </Alert>
  );
}

/** The form of the saved base URL `saved` (made anew when it changes). */
function PrometheusForm({ saved }: { saved: string | null }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(saved ?? '');
  const [result, setResult] = useState<PrometheusTest | null>(null);
  const save = useMutation({
    mutationFn: (baseUrl: string | null) =>
      api<PrometheusSetting>('/settings/prometheus', { method: 'PUT', body: { baseUrl } }),
    onSuccess: async (s) => {
      setResult(null);
      setUrl(s.baseUrl ?? '');
      notify(s.baseUrl ? `Prometheus set to ${s.baseUrl}.` : 'No Prometheus is configured now.');
      await queryClient.invalidateQueries({ queryKey: keys.prometheus });
    },
  });
  const test = useMutation({
    mutationFn: () => api<PrometheusTest>('/settings/prometheus/test', { method: 'POST' }),
    onSuccess: setResult,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(url.trim() ? url.trim() : null);
  };
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const general = save.error && !Object.keys(fields).length ? errorMessage(save.error) : undefined;
  const allow = hostToAllow(url.trim());

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="prometheus-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="prometheus-title">
          Base URL
        </Title>
        <TextInput
          label="Base URL of the Prometheus HTTP API"
          description="For example http://prometheus.internal:9090; leave empty for none"
          maxLength={500}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={fields['body.baseUrl']}
        />
        <Text size="sm">
          Prometheus is reached through the outbound policy: only public addresses over https, unless the host
          is allowed in{' '}
          <Anchor component={Link} to="/admin/outbound" inherit underline="always">
            Outbound hosts
          </Anchor>
          .
          {allow && (
            <>
              {' '}
              This address is plain http or on this machine or a private network: allow{' '}
              <strong>{allow}</strong> there first.
            </>
          )}
        </Text>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
          <Button
            variant="default"
            onClick={() => test.mutate()}
            loading={test.isPending}
            disabled={!saved || url.trim() !== saved}
          >
            Test
          </Button>
          {saved && (
            <Button variant="default" color="red" onClick={() => save.mutate(null)} loading={save.isPending}>
              Clear
            </Button>
          )}
        </Group>
        {saved && url.trim() !== saved && (
          <Text size="sm" c="dimmed">
            Save the address to test it.
          </Text>
        )}
        {test.error && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {errorMessage(test.error)}
          </Text>
        )}
        {result && <TestResult result={result} />}
      </Stack>
    </Paper>
  );
}

/** The Prometheus page at /admin/prometheus. */
export function PrometheusPage() {
  const setting = useQuery({
    queryKey: keys.prometheus,
    queryFn: () => api<PrometheusSetting>('/settings/prometheus'),
  });
  if (setting.isLoading) return <LoadingState label="Loading the Prometheus setting" />;
  if (setting.error) return <ErrorState error={setting.error} onRetry={() => void setting.refetch()} />;
  const saved = setting.data?.baseUrl ?? null;
  return (
    <Stack gap="md" style={readableColors}>
      <div>
        <Title order={1}>Prometheus</Title>
        <Text c="dimmed" size="sm">
          A watched PromQL query verifies a fix on its metric: while an incident is monitored, the query is
          read from this Prometheus every 30 seconds. Without one, an integration&apos;s alert rate or the
          incident&apos;s own alerts can still verify a fix.
        </Text>
      </div>
      <PrometheusForm key={saved ?? ''} saved={saved} />
    </Stack>
  );
}

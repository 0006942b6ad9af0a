// The integration's service, picked from the services (a new name creates one), and whom its alerts
// would page, asked of the server before saving: "Pages Checkout on-call: one person, by email",
// the people and how each is reached, or why nobody would be, with a link to fix it.
import { Alert, Anchor, Autocomplete, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client.ts';

interface RoutePreview {
  via: 'service' | 'service-team' | 'area' | 'default' | null;
  because: string;
  policies: {
    id: string;
    name: string;
    summary: string;
    people: { id: string; name: string; by: string[] }[];
  }[];
  summary: string;
}

/** Every service by name (the cache the other service pickers share). */
function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: async ({ signal }) =>
      (await api<{ items: { id: string; name: string }[] }>('/services', { signal })).items,
    staleTime: 60_000,
  });
}

/** A searchable service field; any other name is a new service. */
export function ServiceField({
  value,
  onChange,
  error,
  label,
  description,
}: {
  value: string;
  onChange: (name: string) => void;
  error?: string | undefined;
  label: string;
  description: string;
}) {
  const services = useServices();
  return (
    <Autocomplete
      label={label}
      description={description}
      placeholder={services.isPending ? 'Loading services…' : 'Search services or type a new name'}
      maxLength={200}
      data={(services.data ?? []).map((s) => s.name)}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

const list = (words: string[]) =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

/** Whom alerts for `service` (a name; empty: none) would page now. */
export function PagesWhom({ service }: { service: string }) {
  const services = useServices();
  const name = service.trim();
  const known = !name || (services.data ?? []).some((s) => s.name.toLowerCase() === name.toLowerCase());
  const preview = useQuery({
    queryKey: ['routing-preview', name, ''],
    enabled: known && !services.isPending,
    queryFn: ({ signal }) =>
      api<RoutePreview>(`/routing/preview${name ? `?service=${encodeURIComponent(name)}` : ''}`, { signal }),
    staleTime: 15_000,
  });
  const fix = (
    // Text-coloured and underlined: readable on the warning's tint in both themes.
    <Anchor component={Link} to="/admin/services" size="sm" c="var(--mantine-color-text)" underline="always">
      Set up its chain on Services
    </Anchor>
  );
  if (!known || (preview.error instanceof ApiError && preview.error.status === 400))
    return (
      <Text size="sm" data-testid="integration-route" aria-live="polite">
        {name} is a new service: it pages nobody until it has an escalation policy. {fix}
      </Text>
    );
  if (services.isPending || preview.isPending)
    return (
      <Text size="sm" data-testid="integration-route" aria-live="polite">
        Finding whom it will page…
      </Text>
    );
  if (preview.isError)
    return (
      <Text size="sm" data-testid="integration-route" aria-live="polite">
        Whom it will page is unknown ({errorMessage(preview.error)})
      </Text>
    );
  const people = preview.data.policies.flatMap((p) => p.people);
  const reached = people.filter((p) => p.by.length > 0);
  const unreached = people.filter((p) => p.by.length === 0);
  return (
    <Stack gap={4} data-testid="integration-route" aria-live="polite">
      {reached.length > 0 ? (
        <>
          <Text size="sm" fw={600}>
            {preview.data.summary}: {list(reached.map((p) => `${p.name} by ${list(p.by)}`))}
          </Text>
          {unreached.length > 0 && (
            <Text size="sm" c="var(--mantine-color-error)">
              {list(unreached.map((p) => p.name))} cannot be reached: no verified contact method.
            </Text>
          )}
        </>
      ) : (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
          title="Nobody is reachable"
        >
          <Stack gap={4}>
            <Text size="sm">
              {preview.data.policies.length === 0
                ? `${preview.data.summary}.`
                : unreached.length > 0
                  ? `${list(unreached.map((p) => p.name))} ${unreached.length === 1 ? 'has' : 'have'} no verified contact method.`
                  : 'Its policy names nobody on call now.'}
            </Text>
            {fix}
          </Stack>
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        {preview.data.because}
      </Text>
    </Stack>
  );
}

// Status pages (/admin/status-pages): public pages (or one per client, private if need be) with
// components mapped from services. Admins add a page, its components, groups and scheduled
// maintenance (and remove or cancel them), set a component's state by hand (or back to following
// incidents), and see and remove the page's subscribers.
import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { readableColors } from '../../lib/readable.ts';
import { PageDetail } from './status-pages-detail.tsx';
import { KEY, useCreate, type StatusPage } from './status-pages-shared.ts';

function NewPageForm() {
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [host, setHost] = useState('');
  const { m, fields, general } = useCreate<object>('/status-pages', 'Status page created.');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ name: name.trim(), slug: slug.trim(), ...(host.trim() ? { customHost: host.trim() } : {}) });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="new-page-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="new-page-title">
          New status page
        </Title>
        <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fields['body.name']}
            miw={200}
          />
          <TextInput
            label="Slug"
            description="Served at /status/<slug>"
            required
            value={slug}
            onChange={(e) => setSlug(e.currentTarget.value)}
            error={fields['body.slug']}
            miw={160}
          />
          <TextInput
            label="Custom host"
            description="Optional, e.g. status.example.com"
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            error={fields['body.customHost']}
            miw={200}
          />
        </Group>
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={m.isPending}>
            Create page
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The status pages page at /admin/status-pages. */
export function StatusPagesPage() {
  const list = useQuery({ queryKey: KEY, queryFn: () => api<{ items: StatusPage[] }>('/status-pages') });
  const [chosen, setChosen] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md" style={readableColors}>
      <div>
        <Title order={1}>Status pages</Title>
        <Text c="dimmed" size="sm">
          Public pages showing components, their incidents’ public updates and scheduled maintenance.
        </Text>
      </div>
      <NewPageForm />
      {list.isPending ? (
        <LoadingState label="Loading status pages" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm">No status page yet.</Text>
      ) : (
        <Select
          label="Page"
          placeholder="Choose a page"
          value={chosen}
          onChange={setChosen}
          data={items.map((p) => ({
            value: p.id,
            label: `${p.name} (/status/${p.slug}, ${p.subscribers} subscribers)`,
          }))}
        />
      )}
      {chosen && <PageDetail key={chosen} id={chosen} />}
    </Stack>
  );
}

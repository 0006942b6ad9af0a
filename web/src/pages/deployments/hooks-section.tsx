// Deployment hooks, for admins on the Deployments view: each hook's address to give GitHub, GitLab
// or a script, and adding or removing one. Rules from several repositories to services are kept
// through the API (`POST /api/v1/deployment-hooks`); here a hook names one service, optionally
// only for one repository.
import { Button, Card, Group, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { DeploymentHook, DeploymentHookBody } from '../../api/types.ts';
import { CopyField } from '../../components/copy-field.tsx';
import { FormEnd } from '../../components/form-end.tsx';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';

const kinds = [
  { value: 'github', label: 'GitHub (deployment statuses)' },
  { value: 'gitlab', label: 'GitLab (deployment events)' },
  { value: 'generic', label: 'Generic JSON (bearer secret)' },
];

const servicesKey = ['deployments', 'services'] as const;

function AddHook({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const services = useQuery({
    queryKey: servicesKey,
    queryFn: ({ signal }) => api<{ items: { id: string; name: string }[] }>('/services', { signal }),
  });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string | null>('github');
  const [secret, setSecret] = useState('');
  const [service, setService] = useState<string | null>(null);
  const [repository, setRepository] = useState('');
  const add = useMutation({
    mutationFn: (body: DeploymentHookBody) =>
      api<DeploymentHook>('/deployment-hooks', { method: 'POST', body }),
    onSuccess: (hook) => {
      notify(`Added the hook ${hook.name}`);
      void queryClient.invalidateQueries({ queryKey: keys.deploymentHooks });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const repo = repository.trim();
    add.mutate({
      name,
      kind: (kind ?? 'github') as DeploymentHookBody['kind'],
      secret,
      service: repo ? null : service,
      serviceMap: repo && service ? [{ repository: repo, service }] : [],
    });
  };
  const err = add.error;
  return (
    <form onSubmit={submit} aria-label="Add a deployment hook">
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(err, 'body.name')}
        />
        <Select label="Sent by" data={kinds} value={kind} onChange={setKind} allowDeselect={false} />
        <PasswordInput
          label="Secret"
          description="At least 16 characters; give the same to the tool (its webhook secret or token)"
          required
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          error={fieldError(err, 'body.secret')}
        />
        <Select
          label="Service"
          placeholder="Choose the service deployed"
          data={(services.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={service}
          onChange={setService}
          searchable
          error={fieldError(err, 'body.service')}
        />
        <TextInput
          label="Only for repository (optional)"
          description="owner/name on GitHub, group/project on GitLab"
          value={repository}
          onChange={(e) => setRepository(e.currentTarget.value)}
        />
        <FormEnd
          error={formError(err, ['body.name', 'body.secret', 'body.service'])}
          onCancel={onDone}
          pending={add.isPending}
          submitLabel="Add the hook"
        />
      </Stack>
    </form>
  );
}

/** The admin's deployment hooks. */
export function HooksSection() {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const hooks = useQuery({
    queryKey: keys.deploymentHooks,
    queryFn: ({ signal }) => api<{ hooks: DeploymentHook[] }>('/deployment-hooks', { signal }),
  });
  const remove = useMutation({
    mutationFn: (hook: DeploymentHook) => api(`/deployment-hooks/${hook.id}`, { method: 'DELETE' }),
    onSuccess: (_, hook) => {
      notify(`Removed the hook ${hook.name}`);
      void queryClient.invalidateQueries({ queryKey: keys.deploymentHooks });
    },
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="deployment-hooks">
      <Stack gap="sm">
        <Title order={2} size="h4" id="deployment-hooks">
          Deployment hooks
        </Title>
        <Text size="sm" c="dimmed">
          Where CI/CD tools send deployments. A delivery without the right signature is refused.
        </Text>
        {(hooks.data?.hooks ?? []).map((h) => (
          <Stack key={h.id} gap={4}>
            <Group gap="xs" justify="space-between" wrap="wrap">
              <Text size="sm" fw={500}>
                {h.name} · {kinds.find((k) => k.value === h.kind)?.label ?? h.kind} ·{' '}
                {[h.service?.name, ...h.serviceMap.map((m) => `${m.repository ?? 'any'} → ${m.service.name}`)]
                  .filter(Boolean)
                  .join(', ')}
              </Text>
              <Button
                size="xs"
                variant="default"
                loading={remove.isPending && remove.variables.id === h.id}
                onClick={() => remove.mutate(h)}
                aria-label={`Remove the hook ${h.name}`}
              >
                Remove
              </Button>
            </Group>
            <CopyField label={`Address of ${h.name}`} value={h.url} />
          </Stack>
        ))}
        {adding ? (
          <AddHook onDone={() => setAdding(false)} />
        ) : (
          <Group>
            <Button variant="light" onClick={() => setAdding(true)}>
              Add a hook
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

// The repositories hotfixes are checked in: their long-lived branches and last check; admins add
// one (a clone URL or path for git, or a GitHub/GitLab project and token) and check it now.
import {
  Button,
  Card,
  Group,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { HotfixRepository, HotfixRepositoryBody } from '../../api/types.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { FormEnd } from '../../components/form-end.tsx';
import { ErrorState } from '../../components/states.tsx';
import { LoadingNote } from '../../components/quiet-state.tsx';
import { fieldError, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { when } from '../../lib/time.ts';

type Provider = HotfixRepository['provider'];
const providerWords: Record<Provider, string> = {
  git: 'git (Expedite clones it)',
  github: 'GitHub API',
  gitlab: 'GitLab API',
};
const fields = ['name', 'cloneUrl', 'provider', 'apiProject', 'apiUrl', 'token', 'branches'].map(
  (f) => `body.${f}`,
);

function AddRepository({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [v, setV] = useState({
    name: '',
    cloneUrl: '',
    apiProject: '',
    apiUrl: '',
    token: '',
    branches: 'main, develop',
  });
  const [provider, setProvider] = useState<Provider>('git');
  const add = useMutation({
    mutationFn: (body: HotfixRepositoryBody) =>
      api<HotfixRepository>('/repositories', { method: 'POST', body }),
    onSuccess: (r) => {
      notify(`Added ${r.name}`);
      void queryClient.invalidateQueries({ queryKey: keys.hotfixRepositories });
      onDone();
    },
  });
  const field = (name: keyof typeof v, label: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      value={v[name]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setV((old) => ({ ...old, [name]: value }));
      }}
      error={fieldError(add.error, `body.${name}`) ?? fieldError(add.error, `body.${name}.0`)}
    />
  );
  return (
    <form
      aria-label="Add a repository"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({
          name: v.name.trim(),
          cloneUrl: v.cloneUrl.trim(),
          provider,
          branches: v.branches
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean),
          ...(provider !== 'git' ? { apiProject: v.apiProject.trim() || null } : {}),
          ...(v.apiUrl.trim() ? { apiUrl: v.apiUrl.trim() } : {}),
          ...(v.token ? { token: v.token } : {}),
        });
      }}
    >
      <Stack gap="sm">
        {field('name', 'Name', 'Short, as people say it: api, web')}
        {field('cloneUrl', 'Clone URL', 'https://…, git@host:path or a path on this server')}
        {field('branches', 'Long-lived branches', 'Comma-separated; * matches within one part: release/*')}
        <Select
          label="Ask"
          data={Object.entries(providerWords).map(([value, label]) => ({ value, label }))}
          value={provider}
          onChange={(p) => setProvider((p as Provider | null) ?? 'git')}
          allowDeselect={false}
          error={fieldError(add.error, 'body.provider')}
        />
        {provider !== 'git' && (
          <>
            {field(
              'apiProject',
              'Project',
              provider === 'github' ? 'owner/repo' : 'The project id or group/project',
            )}
            {field('apiUrl', 'API URL', 'Only for GitHub Enterprise or a self-hosted GitLab')}
            <PasswordInput
              label="Token"
              description="Stored, never shown again"
              value={v.token}
              onChange={(e) => {
                const token = e.currentTarget.value;
                setV((old) => ({ ...old, token }));
              }}
              error={fieldError(add.error, 'body.token')}
            />
          </>
        )}
        <FormEnd
          error={generalError(add.error, (f) => fields.some((p) => f === p || f.startsWith(`${p}.`)))}
          onCancel={onDone}
          pending={add.isPending}
          submitLabel="Add repository"
        />
      </Stack>
    </form>
  );
}

function CheckNow({ repo }: { repo: HotfixRepository }) {
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: () =>
      api<HotfixRepository>(`/repositories/${encodeURIComponent(repo.name)}/check`, { method: 'POST' }),
    onSuccess: (r) => {
      notify(
        r.checkError ? `The check of ${r.name} failed` : `Checked ${r.name}`,
        r.checkError ? 'blue' : 'green',
      );
      void queryClient.invalidateQueries({ queryKey: keys.hotfixRepositories });
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
    onError: (err) =>
      notifications.show({
        color: 'red',
        title: 'Not checked',
        message: errorMessage(err),
        closeButtonProps: { 'aria-label': 'Close notification' },
      }),
  });
  return (
    <Button size="xs" variant="default" loading={check.isPending} onClick={() => check.mutate()}>
      Check {repo.name} now
    </Button>
  );
}

/** The repositories section; `canManage` adds and `canCheck` checks. */
export function Repositories({ canManage, canCheck }: { canManage: boolean; canCheck: boolean }) {
  const [adding, setAdding] = useState(false);
  const repos = useQuery({
    queryKey: keys.hotfixRepositories,
    queryFn: ({ signal }) => api<{ items: HotfixRepository[] }>('/repositories', { signal }),
  });
  let body;
  if (repos.isPending) body = <LoadingNote label="Loading the repositories" />;
  else if (!repos.data) body = <ErrorState error={repos.error} onRetry={() => void repos.refetch()} />;
  else if (repos.data.items.length === 0)
    body = <Text c={mutedColor}>No repositories yet{canManage ? '' : '; an admin adds them'}.</Text>;
  else
    body = (
      <Table.ScrollContainer minWidth={480}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Long-lived branches</Table.Th>
              <Table.Th>Last check</Table.Th>
              {canCheck && (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {repos.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.name}
                  </Text>
                  <Text size="xs" c={mutedColor}>
                    {providerWords[r.provider]}
                  </Text>
                </Table.Td>
                <Table.Td>{r.branches.join(', ')}</Table.Td>
                <Table.Td>
                  {r.checkError ? (
                    <Text size="sm" c="var(--mantine-color-error)">
                      Failed: {r.checkError}
                    </Text>
                  ) : r.checkedAt ? (
                    when(r.checkedAt)
                  ) : (
                    'Not yet'
                  )}
                </Table.Td>
                {canCheck && (
                  <Table.Td>
                    <CheckNow repo={r} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  return (
    <section aria-labelledby="repositories-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="repositories-title">
          Repositories
        </Title>
        {canManage && !adding && (
          <Button size="xs" variant="light" onClick={() => setAdding(true)}>
            Add a repository
          </Button>
        )}
      </Group>
      {adding && (
        <Card withBorder padding="md" mb="md">
          <AddRepository onDone={() => setAdding(false)} />
        </Card>
      )}
      {body}
    </section>
  );
}

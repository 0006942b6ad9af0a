// The organisation's default escalation policy: what pages an incident that neither its service
// nor a team answers for. Chosen here, with a warning when people it pages cannot be reached.
import { Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { EscalationPolicy } from '../../api/types.ts';
import { ReachWarning } from '../../components/reach-warning.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { usePolicies } from '../../lib/paging-data.ts';
import { setupKeys, useDefaultPolicy } from '../../lib/setup-data.ts';

interface DefaultPolicy {
  policyId: string | null;
}
const path = '/settings/default-escalation-policy';

function DefaultForm({ initial, policies }: { initial: string | null; policies: EscalationPolicy[] }) {
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState(initial ?? '');
  const save = useMutation({
    mutationFn: (body: DefaultPolicy) => api<DefaultPolicy>(path, { method: 'PUT', body }),
    onSuccess: (saved) => {
      notify('Default escalation policy saved.');
      queryClient.setQueryData(setupKeys.defaultPolicy, saved);
    },
  });
  const chosen = policies.find((p) => p.id === choice);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ policyId: choice || null });
  };
  const general = generalError(save.error, (f) => f === 'body.policyId');
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="default-policy-title"
    >
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="default-policy-title">
            Default escalation policy
          </Title>
          <Text size="sm" c="dimmed">
            Incidents with neither a service nor a team page this policy: when neither the incident’s service
            nor its team has a policy and no team answers for its area.
          </Text>
        </div>
        <NativeSelect
          label="Default policy"
          value={choice}
          onChange={(e) => setChoice(e.currentTarget.value)}
          data={[{ value: '', label: 'None' }, ...policies.map((p) => ({ value: p.id, label: p.name }))]}
          error={fieldsOf(save.error)['body.policyId']}
          maw={360}
        />
        {chosen ? (
          <ReachWarning targets={chosen.levels.flatMap((l) => l.targets)} what={chosen.name} />
        ) : (
          <Text size="sm" data-testid="no-default-policy">
            Without a default policy, an incident with neither a service nor a team pages nobody.
          </Text>
        )}
        {general && (
          <Text c="var(--mantine-color-error)" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save default policy
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The default escalation policy, loaded then editable. */
export function DefaultPolicyForm() {
  const current = useDefaultPolicy();
  const policies = usePolicies();
  if (current.isPending || policies.isPending) return <LoadingState label="Loading the default policy" />;
  if (current.error) return <ErrorState error={current.error} onRetry={() => void current.refetch()} />;
  if (policies.error) return <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />;
  return (
    <DefaultForm key={current.data.policyId ?? ''} initial={current.data.policyId} policies={policies.data} />
  );
}

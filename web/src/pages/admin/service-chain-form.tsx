// Changing a service's chain of command in a dialog: its team, its senior-most responsible person
// (the "service owner" a policy can page) and its escalation policy, with whom it would page now.
import { Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { FormEnd } from '../../components/form-end.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { notify } from '../../lib/notify.ts';
import { usePeople, usePolicies, useTeams } from '../../lib/paging-data.ts';
import { ReachWarning } from '../../components/reach-warning.tsx';
import type { ServiceChain } from '../../lib/setup-data.ts';

function ChainFormBody({ service, onDone }: { service: ServiceChain; onDone: () => void }) {
  const queryClient = useQueryClient();
  const policies = usePolicies();
  const teams = useTeams();
  const people = usePeople();
  const [teamId, setTeamId] = useState(service.team?.id ?? '');
  const [ownerId, setOwnerId] = useState(service.owner?.id ?? '');
  const [policyId, setPolicyId] = useState(service.escalationPolicy?.id ?? '');
  const save = useMutation({
    mutationFn: () =>
      api(`/services/${service.id}/chain`, {
        method: 'PUT',
        body: { teamId: teamId || null, ownerId: ownerId || null, escalationPolicyId: policyId || null },
      }),
    onSuccess: async () => {
      notify(`Chain of ${service.name} saved.`);
      await queryClient.invalidateQueries({ queryKey: ['paging'] });
      onDone();
    },
  });
  const server = fieldsOf(save.error);
  const general = generalError(save.error, (f) => /^body\.(teamId|ownerId|escalationPolicyId)$/.test(f));
  const policy = policies.data?.find((p) => p.id === policyId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <NativeSelect
          label="Escalation policy"
          description="Pages for this service's incidents; without one, its team's policy does"
          value={policyId}
          onChange={(e) => setPolicyId(e.currentTarget.value)}
          data={[
            { value: '', label: policies.isPending ? 'Loading policies…' : 'None' },
            ...(policies.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
          error={server['body.escalationPolicyId']}
          data-autofocus
        />
        <NativeSelect
          label="Owner"
          description="The senior-most responsible person (a policy's “service owner” level)"
          value={ownerId}
          onChange={(e) => setOwnerId(e.currentTarget.value)}
          data={[
            { value: '', label: 'Nobody' },
            ...people.active.map((u) => ({ value: u.id, label: u.name })),
          ]}
          error={server['body.ownerId']}
        />
        <NativeSelect
          label="Team"
          value={teamId}
          onChange={(e) => setTeamId(e.currentTarget.value)}
          data={[
            { value: '', label: 'None' },
            ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
          ]}
          error={server['body.teamId']}
        />
        {policy && <ReachWarning targets={policy.levels.flatMap((l) => l.targets)} what={policy.name} />}
        {!policyId && !teams.data?.find((t) => t.id === teamId)?.escalationPolicyId && (
          <Text size="sm" c="dimmed">
            Without a policy (its own or its team’s), this service’s alerts page nobody.
          </Text>
        )}
        <FormEnd error={general} onCancel={onDone} pending={save.isPending} submitLabel="Save chain" />
      </Stack>
    </form>
  );
}

/** The chain dialog for one service. */
export function ServiceChainForm({
  service,
  onClose,
}: {
  service: ServiceChain | null;
  onClose: () => void;
}) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal
      opened={service !== null}
      onClose={onClose}
      title={`Chain of ${service?.name ?? ''}`}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {service && <ChainFormBody service={service} onDone={onClose} />}
    </Modal>
  );
}

// Add responders to a live incident: page a chosen person, schedule (whoever is on call), team or
// escalation policy now, beside the covering policy. Someone unreachable is said so before sending.
import { NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { EscalationTarget, Incident } from '../../../api/types.ts';
import { fieldError, formError } from '../../../lib/form-errors.ts';
import { usePeople, usePolicies, useSchedules, useTeams } from '../../../lib/paging-data.ts';
import { ReachWarning } from '../../../components/reach-warning.tsx';
import type { PersonReach } from '../../../lib/setup-data.ts';
import { DialogBody } from '../dialog-form.tsx';
import { incidentPath, useIncidentMutation } from '../use-incident.ts';
import { reachText } from './page-preview.tsx';

type Kind = 'user' | 'schedule' | 'team' | 'policy';

/** The dialog's body. */
export function AddRespondersDialog({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const ref = String(incident.number);
  const people = usePeople();
  const schedules = useSchedules();
  const teams = useTeams();
  const policies = usePolicies();
  const [kind, setKind] = useState<Kind>('user');
  const [id, setId] = useState('');
  const [missing, setMissing] = useState<string>();
  const add = useIncidentMutation(
    ref,
    (target: { type: Kind; id: string }) =>
      api<{ people: PersonReach[] }>(incidentPath(ref, '/responders'), { method: 'POST', body: { target } }),
    {
      success: (res) =>
        `Paging ${res.people
          .filter((p) => p.reachable)
          .map(reachText)
          .join(', ')}`,
    },
  );
  const options: Record<Kind, { value: string; label: string }[]> = {
    user: people.active.map((u) => ({ value: u.id, label: u.name })),
    schedule: (schedules.data ?? []).map((s) => ({ value: s.id, label: s.name })),
    team: (teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
    policy: (policies.data ?? []).map((p) => ({ value: p.id, label: p.name })),
  };
  const policy = kind === 'policy' ? policies.data?.find((p) => p.id === id) : undefined;
  // What the warning checks: the chosen target, or a policy's first level.
  const targets: EscalationTarget[] = !id
    ? []
    : policy
      ? (policy.levels[0]?.targets ?? [])
      : kind === 'policy'
        ? []
        : [{ type: kind, id }];
  return (
    <DialogBody
      onSubmit={() => {
        setMissing(id ? undefined : 'Choose whom to page');
        if (id) add.mutate({ type: kind, id }, { onSuccess: onClose });
      }}
      onCancel={onClose}
      submitLabel="Page them"
      errorTitle="Not paged"
      pending={add.isPending}
      error={formError(add.error, ['body.target', 'body.target.id', 'body.target.type'])}
    >
      <Stack gap="sm">
        <Text size="sm">
          Pages them now, beside the covering policy. One acknowledgement stops every page.
        </Text>
        <SegmentedControl
          aria-label="Page a"
          value={kind}
          onChange={(v) => {
            setKind(v);
            setId('');
          }}
          data={[
            { value: 'user', label: 'Person' },
            { value: 'schedule', label: 'Schedule' },
            { value: 'team', label: 'Team' },
            { value: 'policy', label: 'Policy' },
          ]}
        />
        <NativeSelect
          label={
            {
              user: 'Person',
              schedule: 'Schedule (whoever is on call)',
              team: 'Team',
              policy: 'Escalation policy',
            }[kind]
          }
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          data={[{ value: '', label: 'Choose…' }, ...options[kind]]}
          error={missing ?? fieldError(add.error, 'body.target.id')}
          data-autofocus
        />
        <ReachWarning targets={targets} what="your choice" />
      </Stack>
    </DialogBody>
  );
}

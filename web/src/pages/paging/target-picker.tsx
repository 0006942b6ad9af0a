// Escalation targets: how one reads ("Whoever is on call on Primary"), and a picker to add one —
// a person, a schedule's on-call person, a team, the service's owner, or our person for the client.
import { Button, Group, NativeSelect, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useId, useState } from 'react';
import type { ChainRole, EscalationTarget } from '../../api/types.ts';
import { usePeople, useSchedules, useTeams } from '../../lib/paging-data.ts';
import { cannotBePaged, chainRoleLabel, chainRoles, targetTypeLabel } from '../../lib/paging-words.ts';
import { useSchedulesUnreachable } from '../../lib/setup-data.ts';

/** Names targets in words, with the people, schedules and teams loaded. */
export function useTargetWords() {
  const people = usePeople();
  const schedules = useSchedules();
  const teams = useTeams();
  return (t: EscalationTarget): string => {
    switch (t.type) {
      case 'user':
        return people.name(t.id);
      case 'schedule':
        return `On call on ${schedules.data?.find((s) => s.id === t.id)?.name ?? 'a removed schedule'}`;
      case 'team':
        return `Team ${teams.data?.find((x) => x.id === t.id)?.name ?? '(removed)'}`;
      case 'service-owner':
        return "The service's owner";
      case 'client-role':
        return `Our ${chainRoleLabel[t.role].toLowerCase()} for the client`;
    }
  };
}

const sameTarget = (a: EscalationTarget, b: EscalationTarget) => JSON.stringify(a) === JSON.stringify(b);

/** Picks one target to add to a level (`where` names the level for screen readers). */
export function TargetPicker({
  where,
  existing,
  onAdd,
}: {
  where: string;
  existing: EscalationTarget[];
  onAdd: (t: EscalationTarget) => void;
}) {
  const id = useId();
  const people = usePeople();
  const schedules = useSchedules();
  const teams = useTeams();
  const [type, setType] = useState<EscalationTarget['type']>('schedule');
  const [which, setWhich] = useState('');
  const unreachable = useSchedulesUnreachable((schedules.data ?? []).map((s) => s.id));
  // A schedule with people no page can reach says so where it is chosen.
  const scheduleLabel = (s: { id: string; name: string }) => {
    const n = unreachable.get(s.id) ?? 0;
    return n === 0 ? s.name : `${s.name} (${cannotBePaged(n)})`;
  };
  const options: { value: string; label: string }[] =
    type === 'user'
      ? people.active.map((u) => ({ value: u.id, label: u.name }))
      : type === 'schedule'
        ? (schedules.data ?? []).map((s) => ({ value: s.id, label: scheduleLabel(s) }))
        : type === 'team'
          ? (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))
          : type === 'client-role'
            ? chainRoles.map((r) => ({ value: r, label: chainRoleLabel[r] }))
            : [];
  const needsChoice = type !== 'service-owner';
  const target = (): EscalationTarget | null => {
    if (type === 'service-owner') return { type };
    if (!which) return null;
    if (type === 'client-role') return { type, role: which as ChainRole };
    return { type, id: which };
  };
  const candidate = target();
  const duplicate = candidate !== null && existing.some((t) => sameTarget(t, candidate));
  const emptyLabel =
    type === 'user'
      ? 'Choose a person'
      : type === 'schedule'
        ? options.length
          ? 'Choose a schedule'
          : 'No schedules yet'
        : type === 'team'
          ? options.length
            ? 'Choose a team'
            : 'No teams yet'
          : 'Choose a role';
  return (
    <Stack gap={6} role="group" aria-label={`Add who ${where} pages`}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NativeSelect
          label="Page"
          id={`${id}-type`}
          value={type}
          onChange={(e) => {
            setType(e.currentTarget.value as EscalationTarget['type']);
            setWhich('');
          }}
          data={(Object.keys(targetTypeLabel) as EscalationTarget['type'][]).map((t) => ({
            value: t,
            label: targetTypeLabel[t],
          }))}
          style={{ flex: '1 1 200px' }}
        />
        {needsChoice && (
          <NativeSelect
            label={
              type === 'user'
                ? 'Person'
                : type === 'schedule'
                  ? 'Schedule'
                  : type === 'team'
                    ? 'Team'
                    : 'Role'
            }
            value={which}
            onChange={(e) => setWhich(e.currentTarget.value)}
            data={[{ value: '', label: emptyLabel }, ...options]}
            style={{ flex: '1 1 160px' }}
          />
        )}
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          disabled={!candidate || duplicate}
          onClick={() => {
            if (!candidate) return;
            onAdd(candidate);
            setWhich('');
          }}
          aria-label={`Add to ${where}`}
        >
          Add
        </Button>
      </Group>
    </Stack>
  );
}

// Creating or changing a team, in a dialog: its name, the incident areas it answers for, its
// people and the escalation policy that pages for it.
import { Checkbox, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Team, TeamBody } from '../../api/types.ts';
import { FormEnd } from '../../components/form-end.tsx';
import { ReachWarning } from '../../components/reach-warning.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { areas, labels, type Area } from '../../lib/labels.ts';
import { notify } from '../../lib/notify.ts';
import { usePolicies } from '../../lib/paging-data.ts';
import { readableColors } from '../../lib/readable.ts';
import { EditorModal } from './editor.tsx';
import { PeopleList } from './people-list.tsx';
import { ProductRoleFields, saveProductRoles, useProductRoles } from './product-roles.tsx';

function TeamFormBody({ team, onDone }: { team: Team | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const policies = usePolicies();
  const [name, setName] = useState(team?.name ?? '');
  const [teamAreas, setAreas] = useState<Area[]>(team?.areas ?? []);
  const [members, setMembers] = useState<string[]>(team?.members.map((m) => m.id) ?? []);
  const [policyId, setPolicyId] = useState(team?.escalationPolicyId ?? '');
  const [missing, setMissing] = useState<string>();
  const roles = useProductRoles(team?.id ?? null);
  const [owners, setOwners] = useState<string[]>();
  const [lead, setLead] = useState<string>();
  const save = useMutation({
    mutationFn: async (body: TeamBody) => {
      const saved = await api<Team>(team ? `/teams/${team.id}` : '/teams', {
        method: team ? 'PUT' : 'POST',
        body,
      });
      // Product roles change only when edited here, so a slow read never clears them.
      if (owners !== undefined || lead !== undefined)
        await saveProductRoles(
          saved.id,
          owners ?? roles.data?.productOwners.map((p) => p.id) ?? [],
          lead ?? roles.data?.lead ?? '',
        );
      return saved;
    },
    onSuccess: async (t) => {
      notify(`Team "${t.name}" saved.`);
      await queryClient.invalidateQueries({ queryKey: keys.teams });
      onDone();
    },
  });
  const server = fieldsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(name.trim() ? undefined : 'Name the team');
    if (!name.trim()) return;
    save.mutate({ name: name.trim(), areas: teamAreas, members, escalationPolicyId: policyId || null });
  };
  const general = generalError(save.error, (f) =>
    ['body.name', 'body.areas', 'body.members', 'body.escalationPolicyId'].includes(f),
  );
  return (
    <form onSubmit={submit} noValidate style={readableColors}>
      <Stack gap="md">
        <TextInput
          label="Team name"
          withAsterisk
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={missing ?? server['body.name']}
          data-autofocus
        />
        <Checkbox.Group
          label="Answers for incidents in"
          description="Front end and back end incidents page both front-end and back-end teams"
          value={teamAreas}
          onChange={setAreas}
          error={server['body.areas']}
        >
          <Stack gap={6} mt={6}>
            {areas.map((a) => (
              <Checkbox key={a} value={a} label={labels.area[a]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <PeopleList
          label="Team members"
          value={members}
          onChange={setMembers}
          error={server['body.members']}
        />
        <ProductRoleFields
          owners={owners ?? roles.data?.productOwners.map((p) => p.id) ?? []}
          onOwners={setOwners}
          lead={lead ?? roles.data?.lead ?? ''}
          onLead={setLead}
        />
        <NativeSelect
          label="Escalation policy"
          description="Pages for incidents in the team's areas"
          value={policyId}
          onChange={(e) => setPolicyId(e.currentTarget.value)}
          data={[
            { value: '', label: policies.isPending ? 'Loading policies…' : 'None' },
            ...(policies.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
          error={server['body.escalationPolicyId']}
        />
        <ReachWarning targets={members.map((id) => ({ type: 'user' as const, id }))} what="this team" />
        <FormEnd
          error={general}
          onCancel={onDone}
          pending={save.isPending}
          submitLabel={team ? 'Save team' : 'Create team'}
        />
      </Stack>
    </form>
  );
}

/** The team dialog: `team` null creates one. */
export function TeamForm({
  opened,
  team,
  onClose,
}: {
  opened: boolean;
  team: Team | null;
  onClose: () => void;
}) {
  return (
    <EditorModal
      opened={opened}
      onClose={onClose}
      title={team ? `Edit team ${team.name}` : 'New team'}
      size="lg"
    >
      <TeamFormBody key={team?.id ?? 'new'} team={team} onDone={onClose} />
    </EditorModal>
  );
}

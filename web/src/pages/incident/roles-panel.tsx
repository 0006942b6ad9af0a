// The team on the incident: who holds which role (comms lead, developer, reviewer, …), with
// assigning and removing for people who work incidents.
import { ActionIcon, Button, NativeSelect, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Incident, IncidentRole } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { incidentRoleLabel } from './incident-model.ts';
import { PersonSelect } from './person-select.tsx';
import classes from './room.module.css';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

const roleOptions = Object.entries(incidentRoleLabel).map(([value, label]) => ({ value, label }));

function AssignForm({ incidentRef: ref }: { incidentRef: string }) {
  const [role, setRole] = useState<IncidentRole>('developer');
  const [person, setPerson] = useState('');
  const [missing, setMissing] = useState<string>();
  const assign = useIncidentMutation(
    ref,
    (body: { role: IncidentRole; person: string }) =>
      api<Incident>(incidentPath(ref, '/roles'), { method: 'POST', body }),
    { success: (_i, v) => `Added as ${incidentRoleLabel[v.role].toLowerCase()}` },
  );
  return (
    <form
      aria-label="Assign a role"
      onSubmit={(e) => {
        e.preventDefault();
        if (!person) return setMissing('Choose a person');
        assign.mutate({ role, person }, { onSuccess: () => setPerson('') });
      }}
    >
      <Stack gap="xs">
        <NativeSelect
          label="Role"
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as IncidentRole)}
          data={roleOptions}
          error={fieldError(assign.error, 'body.role')}
        />
        <PersonSelect
          label="Person"
          value={person}
          onChange={(v) => {
            setPerson(v);
            setMissing(undefined);
          }}
          error={missing ?? fieldError(assign.error, 'body.person')}
        />
        {formError(assign.error, ['body.role', 'body.person']) && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {formError(assign.error, ['body.role', 'body.person'])}
          </Text>
        )}
        <Button type="submit" variant="default" loading={assign.isPending}>
          Assign role
        </Button>
      </Stack>
    </form>
  );
}

/** Roles on the incident; `canWork` shows assigning and removing. */
export function RolesPanel({
  incident,
  incidentRef,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const remove = useIncidentMutation(
    incidentRef,
    (v: { role: IncidentRole; person: string }) =>
      api<Incident>(incidentPath(incidentRef, `/roles/${v.role}/${encodeURIComponent(v.person)}`), {
        method: 'DELETE',
      }),
    { success: () => 'Role removed', failure: 'Could not remove the role' },
  );
  return (
    <section aria-labelledby="roles-title">
      <Title order={2} size="h4" id="roles-title" mb="xs">
        Team
      </Title>
      {incident.roles.length === 0 ? (
        <Text size="sm" className={classes.muted}>
          No roles assigned yet.
        </Text>
      ) : (
        <ul className={classes.list}>
          {incident.roles.map((r) => (
            <li key={`${r.role}:${r.person.id}`} className={classes.item}>
              <span>
                <span className={classes.muted}>{incidentRoleLabel[r.role]}: </span>
                {r.person.name}
              </span>
              {canWork && (
                <Tooltip label="Remove">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove ${r.person.name} as ${incidentRoleLabel[r.role].toLowerCase()}`}
                    onClick={() => remove.mutate({ role: r.role, person: r.person.id })}
                    loading={
                      remove.isPending &&
                      remove.variables.person === r.person.id &&
                      remove.variables.role === r.role
                    }
                  >
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWork && (
        <Stack mt="sm">
          <AssignForm incidentRef={incidentRef} />
        </Stack>
      )}
    </section>
  );
}

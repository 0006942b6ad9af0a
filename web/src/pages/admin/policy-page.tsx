// The urgency policy: the scope × criticality matrix, impact modifiers and decision thresholds that
// turn a classification into urgency and a decision. Admins edit it with a required reason (kept in
// the audit log) and see every earlier version; everyone else reads it.
import { Alert, Button, Group, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { PolicyVersion, UrgencyPolicy, User } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { allows } from '../../lib/permissions.ts';
import { readableColors } from '../../lib/readable.ts';
import { when } from '../../lib/time.ts';
import { PolicyHistory } from './policy-history.tsx';
import { PolicyMatrix } from './policy-matrix.tsx';
import { DecisionLegend, ImpactModifiers, Thresholds } from './policy-rules.tsx';
import { policyChanges, thresholdsValid } from './policy-text.ts';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** The urgency policy page at /admin/policy. */
export function PolicyPage() {
  // useMe, not useCurrentUser: at sign-out the person is gone a moment before this page unmounts.
  const { me } = useMe();
  const isAdmin = allows(me?.role, 'policy:write');
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: keys.policy, queryFn: () => api<PolicyVersion>('/policy') });
  const people = useQuery({
    queryKey: keys.users,
    queryFn: async () => (await api<{ items: User[] }>('/users')).items,
  });
  const names = useMemo(
    () => new Map((people.data ?? []).map((u) => [u.id, u.name] as const)),
    [people.data],
  );
  // Edits live here until saved; null means "as saved".
  const [edited, setEdited] = useState<UrgencyPolicy | null>(null);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<{ reason?: string; nothing?: boolean }>({});

  const save = useMutation({
    mutationFn: (body: { policy: UrgencyPolicy; reason: string }) =>
      api<PolicyVersion>('/policy', { method: 'PUT', body }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(keys.policy, saved);
      setEdited(null);
      setReason('');
      notify(`Urgency policy saved as version ${saved.version}.`);
      await queryClient.invalidateQueries({ queryKey: keys.policy });
    },
  });

  if (policy.isPending) return <LoadingState label="Loading the urgency policy" />;
  if (policy.error) return <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />;

  const current = policy.data;
  const draft = edited ?? current.policy;
  const changes = policyChanges(current.policy, draft);
  const ordered = thresholdsValid(draft);
  const update = (patch: Partial<UrgencyPolicy>) => {
    setEdited({ ...draft, ...patch });
    setInvalid((v) => ({ ...v, nothing: false }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = {
      reason: reason.trim() ? undefined : 'Say why the policy changes; it is kept with this version',
      nothing: changes.length === 0,
    };
    setInvalid(problems);
    if (problems.reason || problems.nothing || !ordered) return;
    save.mutate({ policy: draft, reason: reason.trim() });
  };

  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const fieldMessages = Object.entries(fields).filter(([f]) => f !== 'body.reason');
  const readOnly = !isAdmin;
  const editedBy = current.updatedBy ? (names.get(current.updatedBy) ?? 'someone') : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" style={readableColors}>
        <div>
          <Title order={1}>Urgency policy</Title>
          <Text c="dimmed" size="sm" maw={720}>
            How an incident&apos;s scope and criticality become its urgency (P1 highest to P4) and a decision.
            Changes apply to incidents declared or reclassified afterwards.
          </Text>
          <Text size="sm" mt={4} data-testid="policy-version">
            <b>Version {current.version}</b>
            {current.updatedAt
              ? ` · changed ${when(current.updatedAt)}${editedBy ? ` by ${editedBy}` : ''}`
              : ' · the defaults, never changed'}
          </Text>
        </div>
        {readOnly && (
          <Alert color="blue" role="note">
            Only admins can change the urgency policy.
          </Alert>
        )}

        <Section title="Urgency matrix">
          <DecisionLegend policy={draft} />
          <PolicyMatrix
            matrix={draft.matrix}
            saved={current.policy.matrix}
            readOnly={readOnly}
            onChange={(s, c, u) =>
              update({ matrix: { ...draft.matrix, [s]: { ...draft.matrix[s], [c]: u } } })
            }
          />
        </Section>

        <Section title="Business impact">
          <ImpactModifiers policy={draft} readOnly={readOnly} onChange={update} />
        </Section>

        <Section title="Decisions">
          <Thresholds
            policy={draft}
            readOnly={readOnly}
            onChange={update}
            thresholdError={
              ordered
                ? fields['body.policy.backlogThreshold']
                : 'Must be less urgent than the expedite threshold'
            }
          />
        </Section>

        {isAdmin && (
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Title order={2} size="h3">
                Save a new version
              </Title>
              {changes.length > 0 ? (
                <div>
                  <Text size="sm" fw={600}>
                    {changes.length} change{changes.length === 1 ? '' : 's'} not saved yet:
                  </Text>
                  <List size="sm">
                    {changes.map((c) => (
                      <List.Item key={c}>{c}</List.Item>
                    ))}
                  </List>
                </div>
              ) : (
                <Text
                  size="sm"
                  c={invalid.nothing ? 'var(--mantine-color-error)' : 'dimmed'}
                  role={invalid.nothing ? 'alert' : undefined}
                >
                  No changes yet: edit the matrix, the impact or the decisions above.
                </Text>
              )}
              <Textarea
                label="Reason for the change"
                description="Kept in the audit log with this version"
                required
                autosize
                minRows={2}
                maxLength={2000}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={invalid.reason ?? fields['body.reason']}
              />
              {(fieldMessages.length > 0 || (save.error && !Object.keys(fields).length)) && (
                <Alert color="red" role="alert" title="Not saved">
                  {fieldMessages.length
                    ? fieldMessages.map(([f, m]) => `${f}: ${m}`).join('; ')
                    : errorMessage(save.error)}
                </Alert>
              )}
              <Group gap="sm">
                <Button type="submit" loading={save.isPending}>
                  Save policy
                </Button>
                <Button
                  variant="default"
                  disabled={changes.length === 0}
                  onClick={() => {
                    setEdited(null);
                    save.reset();
                  }}
                >
                  Discard changes
                </Button>
              </Group>
            </Stack>
          </Paper>
        )}

        {isAdmin && (
          <Section title="History">
            <PolicyHistory names={names} />
          </Section>
        )}
      </Stack>
    </form>
  );
}

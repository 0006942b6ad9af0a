// Moving the incident along its lifecycle: only the allowed next statuses are offered; resolving
// asks for the resolution summary, which the API requires. What holds the incident out of the
// chosen status is shown: a firm hold says why it cannot move, an overridable one (a fix not yet
// verified) asks why it moves anyway, a reason the timeline keeps.
import { Alert, List, Radio, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Hold, Incident, Status } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { statusLabel } from '../../lib/labels.ts';
import { DialogBody, DialogForm, type DialogProps } from './dialog-form.tsx';
import { transitions } from './incident-model.ts';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

interface StatusBody {
  status: Status;
  note?: string;
  summary?: string;
  overrideReason?: string;
}

/** The holds on an incident (what keeps it out of some statuses). */
function useHolds(ref: string) {
  return useQuery({
    queryKey: keys.holds(ref),
    queryFn: ({ signal }) => api<{ items: Hold[] }>(incidentPath(ref, '/holds'), { signal }),
  });
}

function StatusForm({ incident, incidentRef: ref, onClose, initial }: DialogProps & { initial?: Status }) {
  const allowed = transitions[incident.status];
  const [status, setStatus] = useState<Status | ''>(initial ?? (allowed.length === 1 ? allowed[0]! : ''));
  const [note, setNote] = useState('');
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ status?: string; summary?: string; reason?: string }>({});
  const holds = useHolds(ref).data?.items ?? [];
  const blocking = status ? holds.filter((h) => h.blocks.includes(status)) : [];
  const firm = blocking.filter((h) => !h.overridable);
  const soft = blocking.filter((h) => h.overridable);
  const move = useIncidentMutation(
    ref,
    (body: StatusBody) => api<Incident>(incidentPath(ref, '/status'), { method: 'POST', body }),
    { success: (i) => `#${i.number} is now ${statusLabel[i.status].toLowerCase()}` },
  );
  const resolving = status === 'resolved';
  const submit = () => {
    const m = {
      status: status ? undefined : 'Choose the new status',
      summary:
        resolving && !summary.trim() ? 'Write what fixed it: the summary is required to resolve' : undefined,
      reason:
        firm.length === 0 && soft.length > 0 && !reason.trim()
          ? 'Say why it moves anyway: the reason is recorded on the timeline'
          : undefined,
    };
    setMissing(m);
    if (m.status || m.summary || m.reason || !status) return;
    const body: StatusBody = { status };
    if (note.trim()) body.note = note;
    if (resolving) body.summary = summary;
    if (soft.length > 0) body.overrideReason = reason;
    move.mutate(body, { onSuccess: onClose });
  };
  return (
    <DialogBody
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={resolving ? 'Resolve' : 'Change status'}
      pending={move.isPending}
      error={formError(move.error, ['body.status', 'body.note', 'body.summary', 'body.overrideReason'])}
    >
      <Radio.Group
        label={`From ${statusLabel[incident.status]} to`}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setMissing((m) => ({ ...m, status: undefined }));
        }}
        error={missing.status ?? fieldError(move.error, 'body.status')}
      >
        <Stack gap="xs" mt="xs">
          {allowed.map((s) => (
            <Radio key={s} value={s} label={statusLabel[s]} />
          ))}
        </Stack>
      </Radio.Group>
      {firm.length > 0 && (
        <Alert color="red" variant="light" icon={<IconLock aria-hidden />} title="It cannot move there yet">
          <List size="sm">
            {firm.map((h) => (
              <List.Item key={h.key}>{h.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {firm.length === 0 && soft.length > 0 && (
        <>
          <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />}>
            <Text size="sm" fw={500}>
              Held back
            </Text>
            <List size="sm">
              {soft.map((h) => (
                <List.Item key={h.key}>{h.message}</List.Item>
              ))}
            </List>
          </Alert>
          <Textarea
            label="Why move anyway"
            description="Recorded on the timeline with what it goes past"
            withAsterisk
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setMissing((m) => ({ ...m, reason: undefined }));
            }}
            error={missing.reason ?? fieldError(move.error, 'body.overrideReason')}
          />
        </>
      )}
      {resolving && (
        <Textarea
          label="Resolution summary"
          description="What fixed it, in words the team and stakeholders understand"
          withAsterisk
          autosize
          minRows={3}
          value={summary}
          onChange={(e) => {
            setSummary(e.currentTarget.value);
            setMissing((m) => ({ ...m, summary: undefined }));
          }}
          error={missing.summary ?? fieldError(move.error, 'body.summary')}
        />
      )}
      <Textarea
        label="Note (optional)"
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={fieldError(move.error, 'body.note')}
      />
    </DialogBody>
  );
}

/** The status dialog; `initial` preselects a status (Resolve opens it on "resolved"). */
export function StatusDialog(props: DialogProps & { opened: boolean; initial?: Status }) {
  const { incident, opened, onClose, initial } = props;
  const title =
    initial === 'resolved' ? `Resolve #${incident.number}` : `Change the status of #${incident.number}`;
  return (
    <DialogForm title={title} opened={opened} onClose={onClose}>
      <StatusForm {...props} />
    </DialogForm>
  );
}

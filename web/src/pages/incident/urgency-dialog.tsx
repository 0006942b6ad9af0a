// Overriding the policy's urgency by hand, with the reason the API requires, or returning the
// incident to the policy's urgency.
import { Button, NativeSelect, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Incident } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { labels, urgencies, type Urgency } from '../../lib/labels.ts';
import { DialogBody, DialogForm, type DialogProps } from './dialog-form.tsx';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

const urgencyWords: Record<Urgency, string> = {
  P1: 'P1 — highest',
  P2: 'P2 — high',
  P3: 'P3 — medium',
  P4: 'P4 — low',
};

function UrgencyForm({ incident, incidentRef: ref, onClose }: DialogProps) {
  const [urgency, setUrgency] = useState<Urgency>(incident.urgency ?? 'P1');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string>();
  const save = useIncidentMutation(
    ref,
    (body: { urgency: Urgency | null; reason: string }) =>
      api<Incident>(incidentPath(ref, '/urgency'), { method: 'PUT', body }),
    {
      success: (i, vars) =>
        vars.urgency === null
          ? `Urgency follows the policy again: ${i.urgency ?? 'none'} · ${labels.decision[i.decision]}`
          : `Urgency set by hand to ${i.urgency ?? 'none'} · ${labels.decision[i.decision]}`,
    },
  );
  const send = (value: Urgency | null) => {
    if (!reason.trim()) {
      setMissing('Say why: the reason is recorded on the timeline');
      return;
    }
    save.mutate({ urgency: value, reason }, { onSuccess: onClose });
  };
  return (
    <DialogBody
      onSubmit={() => send(urgency)}
      onCancel={onClose}
      submitLabel="Set urgency"
      pending={save.isPending}
      error={formError(save.error, ['body.urgency', 'body.reason'])}
      extra={
        incident.urgencyOverride && (
          <Button variant="light" onClick={() => send(null)} disabled={save.isPending}>
            Return to policy
          </Button>
        )
      }
    >
      <NativeSelect
        label="Urgency"
        value={urgency}
        onChange={(e) => setUrgency(e.currentTarget.value as Urgency)}
        data={urgencies.map((u) => ({ value: u, label: urgencyWords[u] }))}
        error={fieldError(save.error, 'body.urgency')}
      />
      <Textarea
        label="Reason"
        description={
          incident.urgencyOverride
            ? 'Why the urgency changes (also needed to return to the policy)'
            : 'Why the policy is overridden'
        }
        withAsterisk
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setMissing(undefined);
        }}
        error={missing ?? fieldError(save.error, 'body.reason')}
      />
    </DialogBody>
  );
}

/** The urgency dialog. */
export function UrgencyDialog(props: DialogProps & { opened: boolean }) {
  return (
    <DialogForm title={`Urgency of #${props.incident.number}`} opened={props.opened} onClose={props.onClose}>
      <UrgencyForm {...props} />
    </DialogForm>
  );
}

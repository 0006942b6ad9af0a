// Handing the incident over to another person, with the note the seeds ask for ("explicit handover").
import { Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Incident } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { allows } from '../../lib/permissions.ts';
import { DialogBody, DialogForm, type DialogProps } from './dialog-form.tsx';
import { PersonSelect } from './person-select.tsx';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

function HandoverForm({ incident, incidentRef: ref, onClose }: DialogProps) {
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<{ to?: string; note?: string }>({});
  const handover = useIncidentMutation(
    ref,
    (body: { to: string; note: string }) =>
      api<Incident>(incidentPath(ref, '/handover'), { method: 'POST', body }),
    { success: (i) => `#${i.number} is now owned by ${i.owner?.name ?? 'nobody'}` },
  );
  const submit = () => {
    const m = {
      to: to ? undefined : 'Choose who takes over',
      note: note.trim() ? undefined : 'Write a handover note',
    };
    setMissing(m);
    if (m.to || m.note) return;
    handover.mutate({ to, note }, { onSuccess: onClose });
  };
  return (
    <DialogBody
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Hand over"
      pending={handover.isPending}
      error={formError(handover.error, ['body.to', 'body.note'])}
    >
      <PersonSelect
        label="New owner"
        required
        value={to}
        onChange={(v) => {
          setTo(v);
          setMissing((m) => ({ ...m, to: undefined }));
        }}
        filter={(u) => allows(u.role, 'incidents:work') && u.id !== incident.owner?.id}
        error={missing.to ?? fieldError(handover.error, 'body.to')}
      />
      <Textarea
        label="Handover note"
        description="What is done, what is next, what to watch"
        withAsterisk
        autosize
        minRows={3}
        value={note}
        onChange={(e) => {
          setNote(e.currentTarget.value);
          setMissing((m) => ({ ...m, note: undefined }));
        }}
        error={missing.note ?? fieldError(handover.error, 'body.note')}
      />
    </DialogBody>
  );
}

/** The handover dialog. */
export function HandoverDialog(props: DialogProps & { opened: boolean }) {
  const { incident, opened, onClose } = props;
  const title = incident.owner ? `Hand over #${incident.number}` : `Assign an owner to #${incident.number}`;
  return (
    <DialogForm title={title} opened={opened} onClose={onClose}>
      <HandoverForm {...props} />
    </DialogForm>
  );
}

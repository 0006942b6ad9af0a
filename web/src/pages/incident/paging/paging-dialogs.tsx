// The room's paging dialogs for people who work incidents: escalate a running page now (to the
// next or a chosen level), page with a reason, and choose the incident's client.
import { NativeSelect, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import { keys } from '../../../api/keys.ts';
import type { Escalation, Incident, IncidentSla } from '../../../api/types.ts';
import { fieldError, formError } from '../../../lib/form-errors.ts';
import { useClients } from '../../../lib/paging-data.ts';
import { DialogBody } from '../dialog-form.tsx';
import { incidentPath, useIncidentMutation } from '../use-incident.ts';
import { PagePreviewText, usePagePreview } from './page-preview.tsx';
import { useSla } from './paging-queries.ts';

/** Escalate a running page without waiting for the timeout. */
export function EscalateDialog({
  incident,
  escalation,
  onClose,
}: {
  incident: Incident;
  escalation: Escalation;
  onClose: () => void;
}) {
  const ref = String(incident.number);
  const [level, setLevel] = useState('');
  const escalate = useIncidentMutation(
    ref,
    (l: number | undefined) =>
      api<{ escalations: number }>(incidentPath(ref, '/escalate'), {
        method: 'POST',
        body: l === undefined ? {} : { level: l },
      }),
    {
      success: (_, l) =>
        l === undefined ? 'Escalating to the next level now' : `Escalating to level ${l} now`,
    },
  );
  const current = Math.min(escalation.level + 1, escalation.levels);
  return (
    <DialogBody
      onSubmit={() => escalate.mutate(level ? Number(level) : undefined, { onSuccess: onClose })}
      onCancel={onClose}
      submitLabel="Escalate now"
      pending={escalate.isPending}
      error={formError(escalate.error, ['body.level'])}
    >
      <Text size="sm">
        {escalation.policyName} is at level {current} of {escalation.levels}. Escalating pages the next people
        without waiting for the timeout.
      </Text>
      <NativeSelect
        label="Go to"
        value={level}
        onChange={(e) => setLevel(e.currentTarget.value)}
        error={fieldError(escalate.error, 'body.level')}
        data={[
          {
            value: '',
            label:
              current < escalation.levels ? `The next level (${current + 1})` : 'The next round, or the end',
          },
          ...Array.from({ length: escalation.levels }, (_, i) => ({
            value: String(i + 1),
            label: `Level ${i + 1}`,
          })),
        ]}
      />
    </DialogBody>
  );
}

/** Start paging, with the reason sent along. */
export function PageDialog({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const ref = String(incident.number);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string>();
  const page = useIncidentMutation(
    ref,
    (r: string) => api<{ ok: true }>(incidentPath(ref, '/page'), { method: 'POST', body: { reason: r } }),
    { success: () => 'Page requested: the escalation starts in a moment' },
  );
  const preview = usePagePreview(ref);
  const nobody = preview.data !== undefined && !preview.data.reachable;
  return (
    <DialogBody
      onSubmit={() => {
        setMissing(reason.trim() ? undefined : 'Say why you are paging');
        // Nobody reachable: said before sending, nothing is sent.
        if (reason.trim() && !nobody) page.mutate(reason.trim(), { onSuccess: onClose });
      }}
      onCancel={onClose}
      submitLabel="Page"
      pending={page.isPending}
      error={formError(page.error, ['body.reason'])}
    >
      <Text size="sm">
        Pages the people of the escalation policy that covers this incident&apos;s service or area.
      </Text>
      <PagePreviewText preview={preview.data} />
      <Textarea
        label="Reason"
        description="Sent with the page"
        withAsterisk
        autosize
        minRows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={missing ?? fieldError(page.error, 'body.reason')}
        data-autofocus
      />
    </DialogBody>
  );
}

/** Set, change or remove the incident's client (which starts its SLA clocks). */
export function ClientDialog({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const ref = String(incident.number);
  const queryClient = useQueryClient();
  const clients = useClients();
  const sla = useSla(ref);
  const [clientId, setClientId] = useState<string | null>(null);
  const value = clientId ?? sla.data?.client?.id ?? '';
  const save = useIncidentMutation(
    ref,
    (id: string) =>
      api<IncidentSla>(incidentPath(ref, '/client'), { method: 'PUT', body: { clientId: id || null } }),
    { success: (res) => (res.client ? `Client set: ${res.client.name}` : 'Client removed') },
  );
  return (
    <DialogBody
      onSubmit={() =>
        save.mutate(value, {
          onSuccess: (res) => {
            queryClient.setQueryData(keys.sla(ref), res);
            onClose();
          },
        })
      }
      onCancel={onClose}
      submitLabel="Save client"
      pending={save.isPending}
      error={formError(save.error, ['body.clientId'])}
    >
      <Text size="sm">
        The client&apos;s tier starts the SLA clocks, counted from when the incident began.
      </Text>
      <NativeSelect
        label="Client"
        value={value}
        onChange={(e) => setClientId(e.currentTarget.value)}
        error={
          fieldError(save.error, 'body.clientId') ?? (clients.isError ? 'Could not load clients' : undefined)
        }
        data={[
          { value: '', label: clients.isPending ? 'Loading clients…' : 'No client' },
          ...(clients.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.tier})` })),
        ]}
      />
    </DialogBody>
  );
}

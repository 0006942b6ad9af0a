// Telling the incident's client: a message (a default one to start from) sent to each of the
// client's emergency contacts, channel by channel.
import { Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../../api/client.ts';
import type { Incident } from '../../../api/types.ts';
import { fieldError, formError } from '../../../lib/form-errors.ts';
import { DialogBody } from '../dialog-form.tsx';
import { incidentPath, useIncidentMutation } from '../use-incident.ts';
import { useSla } from './paging-queries.ts';

/** What the client is told unless the responder writes something else. */
const defaultClientMessage =
  'We are aware of a problem affecting your service and are working on it. We will update you within 30 minutes.';
const clientMessageMax = 500;

// The key that sends with Enter, as this person's keyboard labels it.
const modKey = /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘' : 'Ctrl';

/** The form of the "Notify client contacts" dialog. */
export function NotifyClientForm({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const ref = String(incident.number);
  const sla = useSla(ref);
  const [message, setMessage] = useState(defaultClientMessage);
  const [missing, setMissing] = useState<string>();
  const send = useIncidentMutation(
    ref,
    (m: string) =>
      api<{ contacts: number }>(incidentPath(ref, '/client/notify'), {
        method: 'POST',
        body: { message: m },
      }),
    { success: (res) => `Sending to ${res.contacts} ${res.contacts === 1 ? 'contact' : 'contacts'}` },
  );
  const err = send.error;
  // A refused message is said at the field (the text stays); anything else (no client or no
  // contacts any more: 409) above the buttons.
  const invalid = err instanceof ApiError && err.status === 400;
  const atField = missing ?? (invalid ? (fieldError(err, 'body.message') ?? err.message) : undefined);
  const client = sla.data?.client;
  const count = client?.emergencyContacts.length ?? 0;
  return (
    <DialogBody
      onSubmit={() => {
        const text = message.trim();
        const problem = !text
          ? 'Write the message to send'
          : text.length > clientMessageMax
            ? `At most ${clientMessageMax} characters`
            : undefined;
        setMissing(problem);
        if (!problem) send.mutate(text, { onSuccess: onClose });
      }}
      onCancel={onClose}
      submitLabel="Send"
      pending={send.isPending}
      error={invalid ? undefined : formError(err, [])}
      errorTitle="Not sent"
    >
      {client && (
        <Text size="sm">
          Sends this message to {client.name}&apos;s{' '}
          {count === 1 ? 'emergency contact' : `${count} emergency contacts`}, trying phone, SMS and email in
          the order listed under their name. The timeline shows who was reached.
        </Text>
      )}
      <Textarea
        label="Message to the client"
        description={`${message.length} of ${clientMessageMax} characters · ${modKey} + Enter sends`}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        withAsterisk
        autosize
        minRows={3}
        maxLength={clientMessageMax}
        value={message}
        onChange={(e) => {
          setMessage(e.currentTarget.value);
          setMissing(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        error={atField}
        data-autofocus
      />
    </DialogBody>
  );
}

// The conclusion of an incident, in its communication panel: links attached to it (pull requests,
// tickets, documents) and, once resolved, the three parts offered to the comms lead — the summary
// to the team, the notice to whoever reported it, the resolved update on the status pages — each
// prefilled, shown with its recipients before sending, sent once, and marked sent or not sent.
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { entryTime } from './incident-model.ts';
import { incidentPath, notify } from './use-incident.ts';

type Part = 'team-summary' | 'origin-notice' | 'status-resolved';
interface Conclusion {
  resolved: boolean;
  links: { id: string; kind: string; title: string; url: string }[];
  parts: {
    part: Part;
    recipients: string[];
    subject: string | null;
    text: string;
    problem: string | null;
    sentAt: string | null;
    sentBy: string | null;
  }[];
}

const partWords: Record<Part, string> = {
  'team-summary': 'Summary to the team',
  'origin-notice': 'Notice to who reported it',
  'status-resolved': 'Resolved on the status pages',
};
const linkKinds = [
  { value: 'pull-request', label: 'Pull request' },
  { value: 'ticket', label: 'Ticket' },
  { value: 'document', label: 'Document' },
  { value: 'other', label: 'Other' },
];

function LinkForm({ incidentRef: ref }: { incidentRef: string }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState('pull-request');
  const add = useMutation({
    mutationFn: () => api(incidentPath(ref, '/links'), { method: 'POST', body: { kind, title, url } }),
    onSuccess: () => {
      setTitle('');
      setUrl('');
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form aria-label="Add a link" onSubmit={submit}>
      <Stack gap="xs">
        <Group grow wrap="wrap" align="flex-start" preventGrowOverflow={false}>
          <Select
            label="Kind"
            data={linkKinds}
            value={kind}
            allowDeselect={false}
            onChange={(v) => setKind(v ?? 'other')}
          />
          <TextInput
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldError(add.error, 'body.title')}
          />
        </Group>
        <TextInput
          label="Address"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={fieldError(add.error, 'body.url')}
        />
        {formError(add.error, ['body.title', 'body.url']) && (
          <Text size="sm" c="red" role="alert">
            {formError(add.error, ['body.title', 'body.url'])}
          </Text>
        )}
        <Group>
          <Button type="submit" variant="default" loading={add.isPending}>
            Add link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PartCard({
  incidentRef: ref,
  p,
  canWork,
}: {
  incidentRef: string;
  p: Conclusion['parts'][number];
  canWork: boolean;
}) {
  const queryClient = useQueryClient();
  // The prefilled text follows the incident (a link added) until the person edits it.
  const [edited, setEdited] = useState<string | null>(null);
  const text = p.sentAt ? p.text : (edited ?? p.text);
  const send = useMutation({
    mutationFn: () =>
      api<Conclusion>(incidentPath(ref, `/conclusion/${p.part}`), { method: 'POST', body: { text } }),
    onSuccess: (c) => {
      queryClient.setQueryData(['incidents', 'conclusion', ref], c);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
      notify('green', `${partWords[p.part]}: sent`);
    },
  });
  const label = partWords[p.part];
  return (
    <Paper withBorder p="sm" component="section" aria-label={label}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h6">
          {label}
        </Title>
        {p.sentAt ? (
          <Badge color="green" variant="light">
            Sent {entryTime(p.sentAt)}
            {p.sentBy ? ` by ${p.sentBy}` : ''}
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Not sent
          </Badge>
        )}
      </Group>
      {p.problem ? (
        <Alert color="orange" variant="light" p="xs" mt={4}>
          {p.problem}
        </Alert>
      ) : (
        <Text size="xs" c="dimmed">
          To: {p.recipients.join(', ')}
          {p.subject ? ` · ${p.subject}` : ''}
        </Text>
      )}
      <Textarea
        mt={4}
        label={`${label}: text`}
        value={text}
        readOnly={!!p.sentAt || !canWork}
        onChange={(e) => setEdited(e.currentTarget.value)}
        autosize
        minRows={3}
        error={fieldError(send.error, 'body.text') ?? formError(send.error, ['body.text'])}
      />
      {canWork && !p.sentAt && !p.problem && (
        <Group mt={6}>
          <Button size="xs" loading={send.isPending} onClick={() => send.mutate()}>
            Send
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** Links and, once resolved, the conclusion. */
export function ConclusionSection({ incidentRef: ref, canWork }: { incidentRef: string; canWork: boolean }) {
  const conclusion = useQuery({
    queryKey: ['incidents', 'conclusion', ref],
    queryFn: ({ signal }) => api<Conclusion>(incidentPath(ref, '/conclusion'), { signal }),
  });
  const c = conclusion.data;
  if (!c) return null;
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Links
      </Title>
      {c.links.length ? (
        <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: 18 }} aria-label="Links">
          {c.links.map((l) => (
            <li key={l.id}>
              <Text size="sm">
                <a href={l.url} target="_blank" rel="noreferrer noopener">
                  {l.title}
                </a>{' '}
                ({linkKinds.find((k) => k.value === l.kind)?.label ?? l.kind})
              </Text>
            </li>
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          No pull requests, tickets or documents attached yet.
        </Text>
      )}
      {canWork && <LinkForm incidentRef={ref} />}
      {c.resolved && (
        <>
          <Title order={3} size="h5">
            Conclusion
          </Title>
          {c.parts.map((p) => (
            <PartCard key={`${p.part}:${p.sentAt ?? ''}`} incidentRef={ref} p={p} canWork={canWork} />
          ))}
        </>
      )}
    </Stack>
  );
}

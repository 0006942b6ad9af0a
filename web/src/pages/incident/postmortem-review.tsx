// The meeting and the way to publication of a post-mortem: invite the participants (each gets a
// calendar invitation by email), name the reviewers, approve as one of them, publish to the team
// and management (each emailed a link).
import { Button, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Postmortem } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { fieldError, formError } from '../../lib/form-errors.ts';
import classes from './room.module.css';
import { incidentPath, notify } from './use-incident.ts';

const emails = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);

/** A change of the post-mortem that answers it, cached at once. */
function usePostmortemChange<T>(ref: string, path: string, success: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: T) =>
      api<Postmortem>(incidentPath(ref, `/postmortem${path}`), { method: 'POST', body }),
    onSuccess: (pm) => {
      queryClient.setQueryData(keys.postmortem(ref), pm);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
      notify('green', success);
    },
  });
}

function Invite({ pm, incidentRef: ref }: { pm: Postmortem; incidentRef: string }) {
  const [at, setAt] = useState('');
  const [people, setPeople] = useState(pm.meeting?.participants.map((p) => p.email).join(', ') ?? '');
  const invite = usePostmortemChange<{ at: string; with: string[] }>(ref, '/invite', 'Invitations sent.');
  return (
    <form
      aria-label="Invite to the meeting"
      onSubmit={(e) => {
        e.preventDefault();
        const when = new Date(at);
        invite.mutate({ at: Number.isNaN(when.getTime()) ? at : when.toISOString(), with: emails(people) });
      }}
    >
      <Stack gap="xs">
        <TextInput
          type="datetime-local"
          label="Meeting starts"
          value={at}
          onChange={(e) => setAt(e.currentTarget.value)}
          error={fieldError(invite.error, 'body.at')}
        />
        <TextInput
          label="Participants (emails, comma-separated)"
          value={people}
          onChange={(e) => setPeople(e.currentTarget.value)}
          error={fieldError(invite.error, 'body.with')}
        />
        {formError(invite.error, ['body.at', 'body.with']) && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {formError(invite.error, ['body.at', 'body.with'])}
          </Text>
        )}
        <Group>
          <Button type="submit" variant="default" loading={invite.isPending}>
            {pm.meeting ? 'Move the meeting' : 'Send invitations'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Review({ pm, incidentRef: ref }: { pm: Postmortem; incidentRef: string }) {
  const me = useCurrentUser();
  const [reviewers, setReviewers] = useState('');
  const [audience, setAudience] = useState<string[]>(['team', 'management']);
  const ask = usePostmortemChange<{ reviewers: string[] }>(ref, '/review', 'In review.');
  const approve = usePostmortemChange<undefined>(ref, '/approve', 'Approved.');
  const publish = usePostmortemChange<{ audience: string[] }>(ref, '/publish', 'Published.');
  const mine = pm.reviewers.find((r) => r.id === me.id);
  const error = formError(ask.error ?? approve.error ?? publish.error, []);
  return (
    <Stack gap="xs">
      <form
        aria-label="Ask for review"
        onSubmit={(e) => {
          e.preventDefault();
          ask.mutate({ reviewers: emails(reviewers) });
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Reviewers (emails)"
            value={reviewers}
            onChange={(e) => setReviewers(e.currentTarget.value)}
            error={fieldError(ask.error, 'body.reviewers.0')}
          />
          <Button type="submit" variant="default" loading={ask.isPending}>
            Ask for review
          </Button>
        </Group>
      </form>
      {pm.status === 'in-review' && mine && !mine.approvedAt && (
        <Group>
          <Button variant="light" loading={approve.isPending} onClick={() => approve.mutate(undefined)}>
            Approve
          </Button>
        </Group>
      )}
      {pm.status === 'in-review' && (
        <Group align="flex-end" gap="sm">
          <Checkbox.Group label="Publish to" value={audience} onChange={setAudience}>
            <Group gap="sm" mt={4}>
              <Checkbox value="team" label="The team" />
              <Checkbox value="management" label="Management" />
            </Group>
          </Checkbox.Group>
          <Button loading={publish.isPending} onClick={() => publish.mutate({ audience })}>
            Publish
          </Button>
        </Group>
      )}
      {error && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** Meeting, reviewers and publication. */
export function PostmortemReview({
  pm,
  incidentRef,
  canWork,
}: {
  pm: Postmortem;
  incidentRef: string;
  canWork: boolean;
}) {
  return (
    <section aria-labelledby="pm-review-title">
      <Title order={3} size="h5" id="pm-review-title" mb="xs">
        Meeting and review
      </Title>
      <Stack gap="xs">
        <Text size="sm">
          {pm.meeting
            ? `Meeting ${new Date(pm.meeting.startsAt).toLocaleString()} with ${pm.meeting.participants.map((p) => p.name).join(', ')}`
            : 'No meeting yet.'}
        </Text>
        {pm.reviewers.length > 0 && (
          <Text size="sm">
            Reviewers:{' '}
            {pm.reviewers.map((r) => `${r.name} (${r.approvedAt ? 'approved' : 'waiting'})`).join(', ')}
          </Text>
        )}
        {pm.publishedAt && (
          <Text size="sm" className={classes.muted}>
            Published {new Date(pm.publishedAt).toLocaleString()} to {pm.audience.join(' and ')}.
          </Text>
        )}
        {canWork && pm.status !== 'published' && <Invite pm={pm} incidentRef={incidentRef} />}
        {canWork && pm.status !== 'published' && <Review pm={pm} incidentRef={incidentRef} />}
      </Stack>
    </section>
  );
}

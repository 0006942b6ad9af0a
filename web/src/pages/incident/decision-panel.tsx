// The decision waiting on an incident: the question put to its product owners (whom, when, any
// reminder) and, for people who work incidents, the answer recorded here — expedite, backlog or
// decline, each with a reason for the timeline.
import { Alert, Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconHelpHexagon } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Incident } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

type Answer = 'expedite' | 'backlog' | 'decline';

interface Question {
  id: string;
  askedAt: string;
  askedTo: string[];
  remindedAt: string | null;
  escalatedAt: string | null;
  answer: Answer | null;
  reason: string | null;
  answeredBy: { id: string; name: string } | null;
  answeredAt: string | null;
}

const answerWords: Record<Answer, string> = {
  expedite: 'Expedite (page now)',
  backlog: 'Backlog',
  decline: 'Decline (close)',
};

const done: Record<Answer, string> = {
  expedite: 'Expedited: paging the chain',
  backlog: 'Moved to the Backlog',
  decline: 'Declined and closed',
};

/** Whether the incident waits for a decision (asked of the product owner, or in the backlog). */
export function awaitsDecision(incident: Incident): boolean {
  return (
    (incident.decision === 'product-owner' &&
      (incident.status === 'triage' || incident.status === 'investigating')) ||
    incident.status === 'backlogged'
  );
}

/** The pending question and the answer form; shown while the incident awaits a decision. */
export function DecisionPanel({
  incident,
  incidentRef: ref,
  canWork,
}: {
  incident: Incident;
  incidentRef: string;
  canWork: boolean;
}) {
  const question = useQuery({
    queryKey: ['incidents', 'decision-question', ref],
    queryFn: ({ signal }) =>
      api<{ question: Question | null }>(incidentPath(ref, '/decision-question'), { signal }),
  });
  const backlogged = incident.status === 'backlogged';
  const [answer, setAnswer] = useState<Answer>(backlogged ? 'expedite' : 'backlog');
  const [reason, setReason] = useState('');
  const decide = useIncidentMutation(
    ref,
    (body: { answer: Answer; reason: string }) =>
      api<Incident>(incidentPath(ref, '/decision'), { method: 'POST', body }),
    { success: (_i, v) => done[v.answer] },
  );
  const q = question.data?.question;
  const pending = q && !q.answer;
  const options = (Object.keys(answerWords) as Answer[])
    .filter((a) => !(backlogged && a === 'backlog'))
    .map((value) => ({ value, label: answerWords[value] }));

  return (
    <Alert
      variant="light"
      color="violet"
      icon={<IconHelpHexagon aria-hidden />}
      title={backlogged ? 'In the Backlog' : 'Needs a decision: expedite, backlog or decline?'}
    >
      <Stack gap="xs">
        {pending ? (
          <Text size="sm">
            Asked {q.askedTo.join(', ')} at {new Date(q.askedAt).toLocaleString()}
            {q.remindedAt ? '; reminded' : ''}
            {q.escalatedAt ? "; the team's lead was told" : ''}.
          </Text>
        ) : (
          !backlogged && (
            <Text size="sm">No product owner has been asked (none is set for its service or team).</Text>
          )
        )}
        {canWork && (
          <form
            aria-label="Record the decision"
            onSubmit={(e) => {
              e.preventDefault();
              decide.mutate({ answer, reason }, { onSuccess: () => setReason('') });
            }}
          >
            <Stack gap="xs">
              <SegmentedControl aria-label="Decision" value={answer} onChange={setAnswer} data={options} />
              <Textarea
                label="Reason"
                description="For the timeline"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                required
                autosize
                minRows={2}
                error={fieldError(decide.error, 'body.reason')}
              />
              {formError(decide.error, ['body.reason']) && (
                <Text size="sm" c="red">
                  {formError(decide.error, ['body.reason'])}
                </Text>
              )}
              <Group>
                <Button type="submit" loading={decide.isPending}>
                  Record decision
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Alert>
  );
}

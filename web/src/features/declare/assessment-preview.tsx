// The tagline, urgency and decision the incident will get, recomputed as the form changes with the
// server's own assess() and the organisation's policy, so what you see is what you declare.
import { Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { PolicyVersion } from '../../api/types.ts';
import { DecisionBadge } from '../../components/badges.tsx';
import { UrgencyMark, mutedColor } from '../../components/incident-row.tsx';
import { assess, tagline as taglineOf } from '../../../../src/classification/policy.ts';
import { toClassification, type Draft } from './declare-draft.ts';

/** Reads the urgency policy in force (shared by everything that previews urgency). */
export function usePolicy() {
  return useQuery({
    queryKey: keys.policy,
    queryFn: ({ signal }) => api<PolicyVersion>('/policy', { signal }),
    staleTime: 60_000,
  });
}

/** A live preview of what the draft will be declared as. */
export function AssessmentPreview({ draft }: { draft: Draft }) {
  const policy = usePolicy();
  const title = draft.title.trim();
  const classification = toClassification(draft);

  let outcome;
  if (policy.isPending) {
    outcome = <Text size="sm">Loading the urgency policy…</Text>;
  } else if (policy.isError) {
    outcome = (
      <Text size="sm">
        No urgency preview ({errorMessage(policy.error)}); Expedite computes it when you declare.
      </Text>
    );
  } else {
    const a = assess(policy.data.policy, classification, title);
    outcome = (
      <Group gap="xs" aria-live="polite" aria-atomic="true" data-testid="declare-assessment">
        <UrgencyMark urgency={a.urgency} />
        <DecisionBadge decision={a.decision} />
        {a.urgency === null && (
          <Text span size="xs" c={mutedColor}>
            Who is affected and how badly set the urgency.
          </Text>
        )}
      </Group>
    );
  }

  // The tagline needs no policy, so it shows even while the policy loads.
  const tagline = title ? taglineOf(classification, title) : null;
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} tt="uppercase" c={mutedColor}>
        Will be declared as
      </Text>
      <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="declare-tagline">
        {tagline ?? (
          <Text span inherit fw={400} fs="italic" c={mutedColor}>
            Type a title
          </Text>
        )}
      </Text>
      {outcome}
    </Stack>
  );
}

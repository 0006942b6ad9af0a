// The rest of the urgency policy: how business impact moves urgency, and which urgencies are
// expedited or sent to the backlog (with what that means for each of P1–P4).
import { Badge, Group, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import type { UrgencyPolicy } from '../../api/types.ts';
import { decide } from '../../../../src/classification/policy.ts';
import {
  decisionColor,
  impactLevels,
  labels,
  urgencies,
  type ImpactLevel,
  type Urgency,
} from '../../lib/labels.ts';
import { modifierOptions, modifierText, urgencyOptions } from './policy-text.ts';

interface Props {
  policy: UrgencyPolicy;
  readOnly: boolean;
  onChange: (patch: Partial<UrgencyPolicy>) => void;
  thresholdError?: string;
}

/** What each urgency leads to under the policy, e.g. "P3 · Ask the product owner". */
export function DecisionLegend({ policy }: { policy: UrgencyPolicy }) {
  return (
    <Group gap="xs" aria-label="What each urgency leads to" role="list">
      {urgencies.map((u) => {
        const d = decide(policy, u);
        return (
          <Badge key={u} role="listitem" color={decisionColor[d]} variant="outline" tt="none" size="lg">
            {u} · {labels.decision[d]}
          </Badge>
        );
      })}
    </Group>
  );
}

/** Impact modifiers: one choice per level of the strongest business impact. */
export function ImpactModifiers({ policy, readOnly, onChange }: Props) {
  const set = (l: ImpactLevel, n: number) =>
    onChange({ impactModifiers: { ...policy.impactModifiers, [l]: n } });
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Applied after the matrix, by the strongest known impact on conversion, customer experience or revenue.
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        {impactLevels.map((l) =>
          readOnly ? (
            <Text key={l} size="sm">
              <b>Impact {l}:</b> {modifierText(policy.impactModifiers[l]).toLowerCase()}
            </Text>
          ) : (
            <NativeSelect
              key={l}
              label={`When the impact is ${l}`}
              data={modifierOptions}
              value={String(policy.impactModifiers[l])}
              onChange={(e) => set(l, Number(e.currentTarget.value))}
            />
          ),
        )}
      </SimpleGrid>
    </Stack>
  );
}

/** The expedite and backlog thresholds. */
export function Thresholds({ policy, readOnly, onChange, thresholdError }: Props) {
  if (readOnly) {
    return (
      <Text size="sm">
        Expedite at {policy.expediteThreshold} or above; normal backlog at {policy.backlogThreshold} or below;
        in between, ask the product owner.
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" maw={560}>
      <NativeSelect
        label="Expedite at or above"
        description="These urgencies are worked on now"
        data={urgencyOptions}
        value={policy.expediteThreshold}
        onChange={(e) => onChange({ expediteThreshold: e.currentTarget.value as Urgency })}
      />
      <NativeSelect
        label="Normal backlog at or below"
        description="These become a ticket in the backlog"
        data={urgencyOptions}
        value={policy.backlogThreshold}
        onChange={(e) => onChange({ backlogThreshold: e.currentTarget.value as Urgency })}
        error={thresholdError}
      />
    </SimpleGrid>
  );
}

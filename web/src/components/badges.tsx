// Small, consistent markers for urgency, status and decision, with plain words for screen readers.
import { Badge, Tooltip } from '@mantine/core';
import type { Status } from '../api/types.ts';
import {
  decisionColor,
  labels,
  statusColor,
  statusLabel,
  urgencyColor,
  type Decision,
  type Urgency,
} from '../lib/labels.ts';

/** P1–P4, or "No urgency" while unclassified. */
export function UrgencyBadge({ urgency, overridden }: { urgency: Urgency | null; overridden?: boolean }) {
  return (
    <Badge color={urgency ? urgencyColor[urgency] : 'gray'} variant={urgency ? 'filled' : 'outline'}>
      {urgency ?? 'No urgency'}
      {overridden ? ' (set by hand)' : ''}
    </Badge>
  );
}

/** The status in words. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <Badge color={statusColor[status]} variant="filled">
      {statusLabel[status]}
    </Badge>
  );
}

/** The policy's decision in words. */
export function DecisionBadge({ decision }: { decision: Decision }) {
  return (
    <Tooltip label="Decision from the urgency policy">
      <Badge color={decisionColor[decision]} variant="outline">
        {labels.decision[decision]}
      </Badge>
    </Tooltip>
  );
}

// Alerts at a glance, the same on the integration page and in the incident room: status and
// severity in words and in colours readable in both themes, labels as small badges, and why an
// alert opened nothing (a silence, a maintenance window, a rule).
import { Badge, Group } from '@mantine/core';
import type { Alert, Severity } from '../api/types.ts';

const statusLook: Record<Alert['status'], { label: string; color: string }> = {
  firing: { label: 'Firing', color: 'red.9' },
  acknowledged: { label: 'Acknowledged', color: 'yellow.5' },
  resolved: { label: 'Resolved', color: 'teal.9' },
};

const severityLook: Record<Severity, { label: string; color: string }> = {
  critical: { label: 'Critical', color: 'red.9' },
  error: { label: 'Error', color: 'orange.7' },
  warning: { label: 'Warning', color: 'yellow.6' },
  info: { label: 'Info', color: 'gray.6' },
};

/** Firing, acknowledged or resolved. */
export function AlertStatusBadge({ status }: { status: Alert['status'] }) {
  return (
    <Badge color={statusLook[status].color} variant="filled">
      {statusLook[status].label}
    </Badge>
  );
}

/** The source's severity, outlined (the text keeps the theme's colour). */
export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (!severity) return null;
  return (
    <Badge color={severityLook[severity].color} variant="outline" c="var(--mantine-color-text)" tt="none">
      {severityLook[severity].label}
    </Badge>
  );
}

/** Why an alert opened nothing, in words ("silence:…", "maintenance:…", "rule:…"). */
export function suppressedWhy(by: string | null): string | null {
  if (!by) return null;
  const [kind, ...rest] = by.split(':');
  if (kind === 'silence') return 'Silenced';
  if (kind === 'maintenance') return 'In maintenance';
  if (kind === 'rule') return `Dropped by rule ${rest.join(':')}`;
  return `Suppressed (${by})`;
}

/** A suppressed alert's marker; nothing for an alert that was routed. */
export function SuppressedBadge({ by }: { by: string | null }) {
  const why = suppressedWhy(by);
  if (!why) return null;
  return (
    <Badge color="gray.7" variant="filled" tt="none">
      {why}
    </Badge>
  );
}

/** Labels as `name=value` badges, at most `max` of them and how many more. */
export function LabelBadges({ labels, max = 12 }: { labels: Record<string, string>; max?: number }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return null;
  return (
    <Group gap={4} component="ul" aria-label="Labels" m={0} p={0} style={{ listStyle: 'none' }}>
      {entries.slice(0, max).map(([k, v]) => (
        <li key={k}>
          <Badge
            variant="default"
            size="sm"
            tt="none"
            fw={500}
            maw="100%"
            style={{ overflowWrap: 'anywhere' }}
          >
            {k}={v}
          </Badge>
        </li>
      ))}
      {entries.length > max && (
        <li>
          <Badge variant="default" size="sm" tt="none" fw={500}>
            +{entries.length - max} more
          </Badge>
        </li>
      )}
    </Group>
  );
}

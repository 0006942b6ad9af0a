// The incident's signals and reports, in the room when it has any: signals per minute as a small
// chart, the alerts behind the incident (status, severity, labels, links back to the source, and
// whether a silence suppressed them), and the support reports with their evidence (screenshots,
// recordings, HAR summaries). Loaded on demand, and re-read when a timeline entry says the alerts
// or reports changed.
import { Anchor, Badge, Button, Group, Image, List, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconExternalLink, IconX } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Incident, IncidentSignals, Report, Upload } from '../../api/types.ts';
import {
  AlertStatusBadge,
  LabelBadges,
  SeverityBadge,
  SuppressedBadge,
} from '../../components/alert-badges.tsx';
import { HarSummaryView } from '../../components/har-summary.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { checklistItems, fileSize } from '../../lib/report-words.ts';
import { when } from '../../lib/time.ts';
import { entryTime } from './incident-model.ts';
import classes from './room.module.css';
import { RateChart } from './rate-chart.tsx';
import { hasSignals, signalVersions } from './signals-model.ts';
import { incidentPath } from './use-incident.ts';
import { useTimeline } from './use-timeline.ts';

/** Only web addresses become links (a source could send anything, e.g. `javascript:`). */
function safeHref(href: string): string | undefined {
  return /^https?:\/\//i.test(href) ? href : undefined;
}

/** A link that opens in a new tab and says so to screen readers. */
function External({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Anchor
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      size="sm"
      style={{ overflowWrap: 'anywhere' }}
    >
      {children}
      <IconExternalLink size={12} aria-hidden style={{ marginLeft: 2, verticalAlign: 'middle' }} />
      <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
    </Anchor>
  );
}

const FIRST_ALERTS = 5;

/**
 * "5 alerts received, 35 more truncated by the sender, 2 still open" when the sender (Alertmanager's
 * or Grafana's max_alerts) left alerts out, else "5 alerts, 2 still open".
 */
export function alertCounts(signals: Pick<IncidentSignals, 'alertsTotal' | 'truncatedAlerts'>, open: number) {
  const total = `${signals.alertsTotal.toLocaleString()} ${signals.alertsTotal === 1 ? 'alert' : 'alerts'}`;
  const truncated =
    signals.truncatedAlerts > 0
      ? ` received, ${signals.truncatedAlerts.toLocaleString()} more truncated by the sender`
      : '';
  return `${total}${truncated}, ${open} still open`;
}

function Alerts({ signals }: { signals: IncidentSignals }) {
  const [all, setAll] = useState(false);
  const open = signals.alerts.filter((a) => a.status !== 'resolved').length;
  const shown = all ? signals.alerts : signals.alerts.slice(0, FIRST_ALERTS);
  return (
    <Stack gap="xs">
      <Text size="sm">
        {alertCounts(signals, open)}
        {signals.alertsTotal > signals.alerts.length ? ` (showing ${signals.alerts.length})` : ''}
      </Text>
      <ul className={classes.list} aria-label="Alerts">
        {shown.map((a) => (
          <li key={a.id} className={classes.signal}>
            <Group gap={6} wrap="wrap">
              <AlertStatusBadge status={a.status} />
              <SeverityBadge severity={a.severity} />
              <SuppressedBadge by={a.suppressedBy} />
            </Group>
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {a.title}
            </Text>
            <Text size="xs" className={classes.muted}>
              {a.integrationName} · {a.eventCount.toLocaleString()} {a.eventCount === 1 ? 'event' : 'events'}{' '}
              · first {entryTime(a.firstSeenAt)} · last {entryTime(a.lastSeenAt)}
              {a.resolvedAt ? ` · resolved ${entryTime(a.resolvedAt)}` : ''}
            </Text>
            <LabelBadges labels={a.labels} max={10} />
            {a.links.length > 0 && (
              <Group gap="sm">
                {a.links.slice(0, 5).map((l, i) => {
                  const href = safeHref(l.href);
                  return href ? (
                    <External key={i} href={href}>
                      {l.text || 'Open in the source'}
                    </External>
                  ) : null;
                })}
              </Group>
            )}
          </li>
        ))}
      </ul>
      {signals.alerts.length > FIRST_ALERTS && (
        <Group>
          <Button size="compact-sm" variant="default" onClick={() => setAll((v) => !v)}>
            {all ? `Show the first ${FIRST_ALERTS}` : `Show all ${signals.alerts.length} alerts`}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Attachment({ file }: { file: Upload }) {
  const size = fileSize(file.size);
  if (file.kind === 'image')
    return (
      <Anchor href={file.url} target="_blank" rel="noopener noreferrer" style={{ display: 'inline-block' }}>
        <Image
          src={file.url}
          alt={`Screenshot ${file.filename} (${size}), opens in a new tab`}
          h={96}
          w="auto"
          maw="100%"
          fit="contain"
          radius="sm"
          style={{ border: '1px solid var(--mantine-color-default-border)' }}
        />
      </Anchor>
    );
  if (file.kind === 'har')
    return (
      <Stack gap={6}>
        <Text size="sm">
          <External href={file.url}>{file.filename}</External>{' '}
          <span className={classes.muted}>(network recording, {size})</span>
        </Text>
        {file.harSummary && <HarSummaryView summary={file.harSummary} />}
      </Stack>
    );
  return (
    <Text size="sm">
      <External href={file.url}>{file.filename}</External>{' '}
      <span className={classes.muted}>
        ({file.kind === 'video' ? 'video' : 'file'}, {size})
      </span>
    </Text>
  );
}

function ReportView({ report }: { report: Report }) {
  const images = report.attachments.filter((a) => a.kind === 'image');
  const others = report.attachments.filter((a) => a.kind !== 'image');
  const recording = report.recordingUrl ? safeHref(report.recordingUrl) : undefined;
  return (
    <li className={classes.signal}>
      <Text size="sm">
        <strong>{report.reporter.name}</strong>{' '}
        <span className={classes.muted}>reported {when(report.createdAt)}</span>
      </Text>
      <Text size="sm" className={classes.prewrap}>
        {report.whatHappens}
      </Text>
      {report.steps && (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            Steps to reproduce
          </Text>
          <Text size="sm" className={classes.prewrap}>
            {report.steps}
          </Text>
        </Stack>
      )}
      {report.affectedUsers.length > 0 && (
        <Group gap={4} align="center">
          <Text size="sm" fw={600}>
            Affected users:
          </Text>
          {report.affectedUsers.map((u) => (
            <Badge key={u} variant="default" size="sm" tt="none" fw={500}>
              {u}
            </Badge>
          ))}
        </Group>
      )}
      <List size="sm" spacing={2} aria-label="Checklist" listStyleType="none" pl={0}>
        {checklistItems.map((c) => (
          <List.Item
            key={c.key}
            icon={
              report.checklist[c.key] ? (
                <IconCheck size={14} color="var(--mantine-color-green-8)" aria-hidden />
              ) : (
                <IconX size={14} aria-hidden />
              )
            }
          >
            {report.checklist[c.key] ? c.yes : c.no}
          </List.Item>
        ))}
      </List>
      {recording && (
        <Text size="sm">
          <External href={recording}>Session recording</External>
        </Text>
      )}
      {images.length > 0 && (
        <Group gap="xs" aria-label="Screenshots" role="group">
          {images.map((f) => (
            <Attachment key={f.id} file={f} />
          ))}
        </Group>
      )}
      {others.map((f) => (
        <Attachment key={f.id} file={f} />
      ))}
    </li>
  );
}

/** The signals panel: alerts (when the incident has any) and support reports (likewise). */
export function SignalsPanel({ incident, incidentRef }: { incident: Incident; incidentRef: string }) {
  const timeline = useTimeline(incidentRef);
  const versions = useMemo(() => signalVersions(timeline.data), [timeline.data]);
  const has = hasSignals(incident, versions);
  const open = incident.resolvedAt === null;
  const signals = useQuery({
    queryKey: keys.signals(incidentRef, versions.alerts),
    queryFn: ({ signal }) => api<IncidentSignals>(incidentPath(incidentRef, '/signals'), { signal }),
    enabled: has.alerts,
    placeholderData: keepPreviousData,
    // Repeats of an alert add no timeline entry, and new alerts of a group are written there at
    // most once a minute: while the incident is open, the signals are also re-read every 30 s.
    refetchInterval: open ? 30_000 : false,
  });
  const reports = useQuery({
    queryKey: keys.reports(incidentRef, versions.reports),
    queryFn: async ({ signal }) =>
      (await api<{ items: Report[] }>(incidentPath(incidentRef, '/reports'), { signal })).items,
    enabled: has.reports,
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="signals-title">
      <Title order={2} size="h4" id="signals-title" mb="xs">
        {has.alerts && has.reports ? 'Signals and reports' : has.alerts ? 'Signals' : 'Support reports'}
      </Title>
      <Stack gap="md">
        {has.alerts &&
          (signals.data ? (
            <Stack gap="sm">
              <RateChart rate={signals.data.rate} />
              <Alerts signals={signals.data} />
            </Stack>
          ) : signals.isError ? (
            <ErrorState error={signals.error} onRetry={() => void signals.refetch()} />
          ) : (
            <LoadingState label="Loading the signals" />
          ))}
        {has.reports && (
          <Stack gap="xs">
            {has.alerts && (
              <Title order={3} size="h5">
                Support reports
              </Title>
            )}
            {reports.data ? (
              reports.data.length === 0 ? (
                <Text size="sm" className={classes.muted}>
                  No reports yet.
                </Text>
              ) : (
                <ul className={classes.list} aria-label="Support reports">
                  {reports.data.map((r) => (
                    <ReportView key={r.id} report={r} />
                  ))}
                </ul>
              )
            ) : reports.isError ? (
              <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />
            ) : (
              <LoadingState label="Loading the reports" />
            )}
          </Stack>
        )}
      </Stack>
    </section>
  );
}

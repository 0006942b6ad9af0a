// The sections of the Insights page: each chart comes with a table of the same figures, which is
// what screen readers and keyboards use (the chart itself is a picture of the table, hidden from
// them and out of the tab order).
import { BarChart, LineChart } from '@mantine/charts';
import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import type { Insights, InsightStat } from '../../api/types.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { DataTable, quiet, Section } from './insights-table.tsx';
import { duration, groupWords, percent, statusWords } from './insights-words.ts';

const stat = (s: InsightStat) => [duration(s.median), duration(s.p90), duration(s.mean)];

/** The headline figures of the period. */
export function Headline({ x }: { x: Insights }) {
  const slaShare = (() => {
    const met = x.sla.tiers.reduce((s, t) => s + t.met, 0);
    const done = met + x.sla.tiers.reduce((s, t) => s + t.breached, 0);
    return done ? met / done : null;
  })();
  const items: [string, string, string][] = [
    ['Incidents', String(x.total.incidents), `${x.total.resolved} resolved`],
    [
      'Time to acknowledge',
      duration(x.total.mtta.median),
      `median; 90% within ${duration(x.total.mtta.p90)}`,
    ],
    ['Time to resolve', duration(x.total.mttr.median), `median; 90% within ${duration(x.total.mttr.p90)}`],
    ['SLA met', percent(slaShare), 'of the client clocks that ended'],
    ['Pages', String(x.pages.total), `${x.pages.outOfHours} out of hours`],
    ['Overdue actions', String(x.actions.overdue), `of ${x.actions.open} open post-mortem actions`],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} component="dl" style={{ margin: 0 }}>
      {items.map(([label, value, note]) => (
        <Card key={label} withBorder padding="sm">
          <Text component="dt" size="sm" c={mutedColor}>
            {label}
          </Text>
          <Text component="dd" m={0} fw={700} size="xl">
            {value}
          </Text>
          <Text component="dd" m={0} size="xs" c={mutedColor}>
            {note}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** Incidents and medians over time. */
export function OverTime({ x }: { x: Insights }) {
  const data = x.overTime.map((b) => ({
    step: b.start.slice(0, 10),
    Incidents: b.incidents,
    'Acknowledge (min)': b.mtta.median === null ? null : Math.round(b.mtta.median),
    'Resolve (min)': b.mttr.median === null ? null : Math.round(b.mttr.median),
  }));
  return (
    <Section
      title="Over time"
      chart={
        <Stack gap="md">
          <BarChart
            barChartProps={quiet}
            h={200}
            data={data}
            dataKey="step"
            series={[{ name: 'Incidents', color: 'blue.6' }]}
          />
          <LineChart
            lineChartProps={quiet}
            h={200}
            data={data}
            dataKey="step"
            withLegend
            connectNulls
            series={[
              { name: 'Acknowledge (min)', color: 'teal.7' },
              { name: 'Resolve (min)', color: 'grape.7' },
            ]}
          />
        </Stack>
      }
    >
      <DataTable
        caption={`Per ${x.bucket}, from its first day (UTC): medians`}
        head={[
          `${x.bucket[0]!.toUpperCase()}${x.bucket.slice(1)} of`,
          'Incidents',
          'To acknowledge',
          'To resolve',
          'To verify',
          'Hours',
        ]}
        rows={x.overTime.map((b) => [
          b.start.slice(0, 10),
          b.incidents,
          duration(b.mtta.median),
          duration(b.mttr.median),
          duration(b.verification.median),
          b.hours,
        ])}
      />
    </Section>
  );
}

/** The figures per group, when grouped. */
export function Groups({ x }: { x: Insights }) {
  if (!x.groupBy) return null;
  const by = groupWords[x.groupBy] ?? x.groupBy;
  return (
    <Section
      title={`By ${by.toLowerCase()}`}
      chart={
        <BarChart
          barChartProps={quiet}
          h={220}
          data={x.groups.map((g) => ({ group: g.label, Incidents: g.incidents }))}
          dataKey="group"
          series={[{ name: 'Incidents', color: 'indigo.6' }]}
        />
      }
    >
      <DataTable
        caption="Times are median / 90th percentile"
        head={[
          by,
          'Incidents',
          'Resolved',
          'To acknowledge',
          'To resolve',
          'To verify',
          'Hours',
          'Deviations',
        ]}
        rows={x.groups.map((g) => [
          g.label,
          g.incidents,
          g.resolved,
          `${duration(g.mtta.median)} / ${duration(g.mtta.p90)}`,
          `${duration(g.mttr.median)} / ${duration(g.mttr.p90)}`,
          `${duration(g.verification.median)} / ${duration(g.verification.p90)}`,
          g.hours,
          g.deviations,
        ])}
      />
    </Section>
  );
}

/** Time spent in each working status, and the period's durations. */
export function Durations({ x }: { x: Insights }) {
  const rows = [
    ['Declared → acknowledged', ...stat(x.total.mtta), x.total.mtta.count],
    ['Declared → resolved', ...stat(x.total.mttr), x.total.mttr.count],
    ['Monitoring → verified', ...stat(x.total.verification), x.total.verification.count],
    ...x.statuses.map((s) => [`In ${statusWords[s.status] ?? s.status}`, ...stat(s), s.count]),
  ];
  return (
    <Section
      title="How long things take"
      chart={
        <BarChart
          barChartProps={quiet}
          h={200}
          data={x.statuses.map((s) => ({
            status: statusWords[s.status] ?? s.status,
            'Median (min)': s.median === null ? 0 : Math.round(s.median),
          }))}
          dataKey="status"
          series={[{ name: 'Median (min)', color: 'cyan.7' }]}
        />
      }
    >
      <DataTable
        caption="Per incident measured"
        head={['', 'Median', '90%', 'Mean', 'Incidents']}
        rows={rows}
      />
    </Section>
  );
}

/** SLA compliance per client and tier. */
export function Sla({ x }: { x: Insights }) {
  if (x.sla.clients.length === 0) return null;
  return (
    <Section title="Client SLAs">
      <DataTable
        caption="Clocks met, breached and running, per client"
        head={['Client', 'Tier', 'Incidents', 'Met', 'Breached', 'Running', 'Compliance']}
        rows={x.sla.clients.map((c) => {
          const sum = (k: 'met' | 'breached' | 'running') =>
            Object.values(c.clocks).reduce((s, n) => s + n[k], 0);
          return [
            c.client,
            c.tier,
            c.incidents,
            sum('met'),
            sum('breached'),
            sum('running'),
            percent(c.compliance),
          ];
        })}
      />
      <DataTable
        caption="Per tier"
        head={['Tier', 'Incidents', 'Met', 'Breached', 'Running', 'Compliance']}
        rows={x.sla.tiers.map((t) => [
          t.tier,
          t.incidents,
          t.met,
          t.breached,
          t.running,
          percent(t.compliance),
        ])}
      />
    </Section>
  );
}

/** Pages per person, with the out-of-hours load. */
export function Pages({ x }: { x: Insights }) {
  const people = x.pages.people;
  return (
    <Section
      title="Pages per person"
      chart={
        people && people.length > 0 ? (
          <BarChart
            barChartProps={quiet}
            h={Math.max(120, people.length * 32)}
            orientation="vertical"
            type="stacked"
            data={people.map((p) => ({
              person: p.name,
              'In hours': p.pages - p.outOfHours,
              'Out of hours': p.outOfHours,
            }))}
            dataKey="person"
            withLegend
            series={[
              { name: 'In hours', color: 'blue.6' },
              { name: 'Out of hours', color: 'orange.8' },
            ]}
          />
        ) : undefined
      }
    >
      {people ? (
        <DataTable
          caption={`${x.pages.total} pages, ${x.pages.outOfHours} outside business hours`}
          head={['Person', 'Pages', 'Out of hours', 'Incidents']}
          rows={people.map((p) => [p.name, p.pages, p.outOfHours, p.incidents])}
        />
      ) : (
        <Text size="sm">
          {x.pages.total} pages, {x.pages.outOfHours} outside business hours. Who was paged is shown to those
          who may see the people list.
        </Text>
      )}
    </Section>
  );
}

/** Deviations, tech debt, post-mortem actions and hours. */
export function FollowUps({ x }: { x: Insights }) {
  return (
    <Section title="Follow-ups and hours">
      <DataTable
        caption="For the incidents of the period, as of today"
        head={['', 'Count']}
        rows={[
          ['Deviations from process', x.deviations.count],
          ...x.deviations.byReason.map((r) => [`Deviations for ${r.reason.replace(/-/g, ' ')}`, r.count]),
          ['Tech debt items', x.techDebt.created],
          ['Tech debt still open', x.techDebt.open],
          ['Tech debt overdue', x.techDebt.overdue],
          ['Tech debt budget hours still open', x.techDebt.openBudgetHours],
          ['Post-mortem actions open', x.actions.open],
          ['Post-mortem actions overdue', x.actions.overdue],
          ['Hours logged', x.hours.total],
          ['Hours on tech debt', x.hours.onTechDebt],
        ]}
      />
    </Section>
  );
}

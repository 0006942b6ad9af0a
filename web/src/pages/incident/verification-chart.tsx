// The before/after chart of the fix: the watched metric (or the signals per minute of its alerts)
// around the deployment, with the moment monitoring started and the threshold marked, and the same
// told in words for screen readers. Loaded on demand with the charts library.
import '@mantine/charts/styles.css';
import { LineChart, type ChartReferenceLineProps } from '@mantine/charts';
import { Text, VisuallyHidden } from '@mantine/core';
import { useMemo } from 'react';
import type { VerificationSeries } from '../../api/types.ts';
import classes from './room.module.css';

const clock = (t: number) =>
  new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** The chart of one series. */
export function VerificationChart({ series }: { series: VerificationSeries }) {
  const data = useMemo(
    () => series.points.map((p) => ({ at: Date.parse(p.at), value: p.value })),
    [series.points],
  );
  if (data.length === 0)
    return (
      <Text size="sm" className={classes.muted}>
        {series.error ? `No chart: ${series.error}.` : 'No data for the chart yet.'}
      </Text>
    );
  const deployed = series.deployedAt ? Date.parse(series.deployedAt) : null;
  const lines: ChartReferenceLineProps[] = [];
  if (deployed !== null)
    lines.push({ x: deployed, color: 'blue.7', label: 'Fix deployed', labelPosition: 'insideTopLeft' });
  if (series.threshold !== null) lines.push({ y: series.threshold, color: 'red.7', label: 'Threshold' });
  const before = deployed === null ? [] : data.filter((d) => d.at < deployed);
  const after = deployed === null ? data : data.filter((d) => d.at >= deployed);
  const peak = (xs: { value: number }[]) => (xs.length ? Math.max(...xs.map((x) => x.value)) : null);
  const unit = series.unit === 'signals-per-minute' ? 'signals per minute' : 'value';
  const words =
    `${unit}: ` +
    (deployed === null
      ? `highest ${peak(after)} since ${clock(data[0]!.at)}`
      : `highest ${peak(before) ?? 'no data'} before the fix at ${clock(deployed)}, highest ${peak(after) ?? 'no data'} after`) +
    (series.threshold !== null ? `; bad beyond ${series.threshold}` : '');
  return (
    <figure style={{ margin: 0 }} data-testid="verification-chart">
      <VisuallyHidden>{words}</VisuallyHidden>
      <LineChart
        h={180}
        data={data}
        dataKey="at"
        series={[{ name: 'value', label: unit, color: 'red.7' }]}
        withDots={false}
        curveType="linear"
        referenceLines={lines}
        xAxisProps={{ type: 'number', scale: 'time', domain: ['dataMin', 'dataMax'], tickFormatter: clock }}
        // Told in words above; the drawing itself is not focusable nor read.
        lineChartProps={{ accessibilityLayer: false }}
        aria-hidden
      />
    </figure>
  );
}

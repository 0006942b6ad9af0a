// How many signals the incident had per minute, as a small bar chart with the same told in words
// for screen readers; it spans at least the last half hour and at most the last four hours.
import { Group, Text } from '@mantine/core';
import { useId, useMemo } from 'react';
import type { IncidentSignals } from '../../api/types.ts';
import classes from './room.module.css';

const MINUTE = 60_000;
const MAX_BARS = 240;
const MIN_BARS = 30;

/**
 * Signals per minute, oldest first, with quiet minutes filled in: at most the last MAX_BARS, and at
 * least MIN_BARS (earlier quiet minutes) so that a short burst still reads as a burst. `span` is the
 * number of minutes from the first signal to the last.
 */
function perMinute(rate: IncidentSignals['rate']): { bars: { at: number; count: number }[]; span: number } {
  if (rate.length === 0) return { bars: [], span: 0 };
  const counts = new Map(rate.map((r) => [Date.parse(r.minute), r.count]));
  const times = [...counts.keys()].sort((a, b) => a - b);
  const last = times.at(-1)!;
  const firstSignal = Math.max(times[0]!, last - (MAX_BARS - 1) * MINUTE);
  const first = Math.min(firstSignal, last - (MIN_BARS - 1) * MINUTE);
  const bars: { at: number; count: number }[] = [];
  for (let t = first; t <= last; t += MINUTE) bars.push({ at: t, count: counts.get(t) ?? 0 });
  return { bars, span: Math.round((last - firstSignal) / MINUTE) + 1 };
}

/** A small bar chart of signals per minute, described in words for screen readers. */
export function RateChart({ rate }: { rate: IncidentSignals['rate'] }) {
  const titleId = useId();
  const { bars, span } = useMemo(() => perMinute(rate), [rate]);
  if (bars.length === 0)
    return (
      <Text size="sm" className={classes.muted}>
        No signals recorded yet.
      </Text>
    );
  const total = bars.reduce((s, b) => s + b.count, 0);
  const peak = bars.reduce((p, b) => (b.count > p.count ? b : p), bars[0]!);
  const time = (t: number) =>
    new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const summary =
    `Signals per minute: ${total.toLocaleString()} in ${span} ${span === 1 ? 'minute' : 'minutes'}, ` +
    `peak ${peak.count.toLocaleString()} at ${time(peak.at)}`;
  const width = Math.max(bars.length * 6, 60);
  const height = 40;
  const slot = width / bars.length;
  return (
    <figure style={{ margin: 0 }} data-testid="signal-rate">
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        width="100%"
        height={56}
        style={{ display: 'block' }}
      >
        <title id={titleId}>{summary}</title>
        <line
          x1={0}
          x2={width}
          y1={height - 0.5}
          y2={height - 0.5}
          stroke="var(--mantine-color-default-border)"
        />
        {bars.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(2, (b.count / peak.count) * (height - 2));
          return (
            <rect
              key={b.at}
              x={i * slot + slot * 0.15}
              width={slot * 0.7}
              y={height - h}
              height={h}
              fill="var(--mantine-color-red-7)"
            />
          );
        })}
      </svg>
      <Group justify="space-between" gap="xs" component="figcaption">
        <Text size="xs" className={classes.muted}>
          {time(bars[0]!.at)}
        </Text>
        <Text size="xs" className={classes.muted} aria-hidden>
          {total.toLocaleString()} signals · peak {peak.count.toLocaleString()}/min
        </Text>
        <Text size="xs" className={classes.muted}>
          {time(bars.at(-1)!.at)}
        </Text>
      </Group>
    </figure>
  );
}

// The classification in plain words (who is affected, how badly, where, business impact, lifespan),
// so that people who do not know the codes understand the tagline.
import { Title } from '@mantine/core';
import type { Incident } from '../../api/types.ts';
import { labels } from '../../lib/labels.ts';
import { entryTime } from './incident-model.ts';
import classes from './room.module.css';

function word(map: Record<string, string>, code: string | null): string {
  return code === null ? 'Unknown' : (map[code] ?? code);
}

/** The incident's classification as a definition list. */
export function DetailsPanel({ incident }: { incident: Incident }) {
  const rows: [string, string][] = [
    ['Who is affected', incident.scope ? `${labels.scope[incident.scope]} (${incident.scope})` : 'Unknown'],
    [
      'How bad',
      incident.criticality
        ? `${labels.criticality[incident.criticality]} (${incident.criticality})`
        : 'Unknown',
    ],
    ['Where', incident.area ? `${labels.area[incident.area]} (${incident.area})` : 'Unknown'],
    ['Conversion', word(labels.impact, incident.impact.conversion)],
    ['Customer experience', word(labels.impact, incident.impact.experience)],
    ['Revenue', word(labels.impact, incident.impact.revenue)],
    ['Started', incident.lifespan.startedAt ? entryTime(incident.lifespan.startedAt) : 'Unknown'],
    ['Expected to last', word(labels.lifespan, incident.lifespan.expected)],
  ];
  return (
    <section aria-labelledby="details-title">
      <Title order={2} size="h4" id="details-title" mb="xs">
        Classification
      </Title>
      <dl className={classes.details}>
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt className={classes.muted}>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

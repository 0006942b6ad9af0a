// The timeline, newest first: plain rows (no component library per entry) so that thousands of
// entries stay fast; the newest 50 are shown and "Show earlier" adds more. New entries arriving
// live are announced to screen readers.
import { Button, Group, Switch, Text, Title, VisuallyHidden } from '@mantine/core';
import { memo, useMemo, useState, type ReactNode } from 'react';
import type { TimelineEntry } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { entryTime } from './incident-model.ts';
import classes from './room.module.css';
import { describeEntry } from './timeline-text.ts';
import { useTimeline } from './use-timeline.ts';

const FIRST = 50;
const MORE = 500;

const Row = memo(function Row({ entry }: { entry: TimelineEntry }) {
  const d = describeEntry(entry);
  return (
    <li className={classes.row}>
      <time className={classes.time} dateTime={entry.at}>
        {entryTime(entry.at)}
      </time>
      <div>
        <div>
          {d.sentence ? (
            d.what
          ) : (
            <>
              <strong>{entry.actor?.name ?? 'Expedite'}</strong> {d.what}
            </>
          )}
        </div>
        {d.lines.map((line, i) => (
          <div key={i} className={classes.line}>
            {line}
          </div>
        ))}
        {d.text !== undefined && (
          <p className={`${classes.text} ${entry.kind === 'note' ? classes.note : ''}`}>{d.text}</p>
        )}
      </div>
    </li>
  );
});

/** Says the newest entry that arrived after the list was first shown (for screen readers). */
function Announcer({ entries }: { entries: TimelineEntry[] }) {
  const [firstLast] = useState(() => entries.at(-1)?.id ?? 0);
  const newest = entries.at(-1);
  const d = newest && newest.id > firstLast ? describeEntry(newest) : undefined;
  const message =
    !newest || !d ? '' : `New: ${d.sentence ? '' : `${newest.actor?.name ?? 'Expedite'} `}${d.what}`;
  return (
    <VisuallyHidden role="status" aria-live="polite">
      {message}
    </VisuallyHidden>
  );
}

function Entries({ entries }: { entries: TimelineEntry[] }) {
  const [shown, setShown] = useState(FIRST);
  const [notesOnly, setNotesOnly] = useState(false);
  const list = useMemo(
    () => (notesOnly ? entries.filter((e) => e.kind === 'note') : entries),
    [entries, notesOnly],
  );
  const visible = useMemo(() => list.slice(-shown).reverse(), [list, shown]);
  const hidden = list.length - visible.length;
  return (
    <>
      <Announcer entries={entries} />
      <Group justify="space-between" mb="xs">
        <Text size="sm" className={classes.muted}>
          {list.length.toLocaleString()} {notesOnly ? 'notes' : 'entries'}, newest first
        </Text>
        <Switch
          label="Notes only"
          checked={notesOnly}
          onChange={(e) => setNotesOnly(e.currentTarget.checked)}
        />
      </Group>
      {visible.length === 0 ? (
        <Text className={classes.muted} py="md">
          {notesOnly ? 'No notes yet.' : 'Nothing recorded yet.'}
        </Text>
      ) : (
        <ol className={classes.list} aria-label="Timeline entries, newest first">
          {visible.map((e) => (
            <Row key={e.id} entry={e} />
          ))}
        </ol>
      )}
      {hidden > 0 && (
        <Group mt="sm">
          <Button variant="default" onClick={() => setShown((n) => n + MORE)}>
            Show {Math.min(MORE, hidden).toLocaleString()} earlier
          </Button>
          <Button variant="subtle" onClick={() => setShown(list.length)}>
            Show all {list.length.toLocaleString()}
          </Button>
        </Group>
      )}
    </>
  );
}

/** The incident's timeline with a place for the note composer above it. */
export function Timeline({ incidentRef, composer }: { incidentRef: string; composer?: ReactNode }) {
  const timeline = useTimeline(incidentRef);
  return (
    <section aria-labelledby="timeline-title">
      <Title order={2} size="h3" id="timeline-title" mb="sm">
        Timeline
      </Title>
      {composer}
      {timeline.isPending ? (
        <LoadingState label="Loading the timeline" />
      ) : timeline.isError && !timeline.data ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <Entries entries={timeline.data ?? []} />
      )}
    </section>
  );
}

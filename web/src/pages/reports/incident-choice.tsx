// Where a report goes: while the agent describes the problem, open incidents that look similar are
// suggested (looked up 400 ms after typing stops) with "Attach to this one"; otherwise a new
// incident opens.
import { Group, Loader, Radio, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Incident } from '../../api/types.ts';
import { IncidentAge, mutedColor } from '../../components/incident-row.tsx';
import { statusLabel } from '../../lib/labels.ts';
import { SeenBefore, useSeenBefore } from '../../components/past-incidents.tsx';
import type { Target } from './report-draft.ts';

const MIN_CHARS = 3;

/** Open incidents that look like `text`, best first. */
function useSimilar(text: string) {
  const [debounced] = useDebouncedValue(text.trim(), 400);
  const query = useQuery({
    queryKey: keys.similar(debounced),
    queryFn: async ({ signal }) =>
      (
        await api<{ items: Incident[] }>(`/reports/similar?text=${encodeURIComponent(debounced)}&limit=5`, {
          signal,
        })
      ).items,
    enabled: debounced.length >= MIN_CHARS,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  return { ...query, searching: query.isFetching || debounced !== text.trim() };
}

/** The choice between a similar open incident and a new one. */
export function IncidentChoice({
  text,
  target,
  onTarget,
  error,
}: {
  text: string;
  target: Target | null;
  onTarget: (t: Target | null) => void;
  error?: string;
}) {
  const similar = useSimilar(text);
  const long = text.trim().length >= MIN_CHARS;
  const found = long ? (similar.data ?? []) : [];
  // The one chosen earlier stays offered even if the words changed since.
  const offered: Target[] = found.map((i) => ({ number: i.number, tagline: i.tagline }));
  if (target && !offered.some((o) => o.number === target.number)) offered.unshift(target);
  const details = new Map(found.map((i) => [i.number, i]));

  return (
    <Stack gap="xs">
      <Radio.Group
        label="Which incident is it?"
        description={
          found.length > 0
            ? 'These open incidents look similar. Attach the report to one if it is the same problem.'
            : 'Open incidents that look similar appear here as you describe the problem.'
        }
        value={target ? String(target.number) : 'new'}
        onChange={(v) => onTarget(v === 'new' ? null : (offered.find((o) => String(o.number) === v) ?? null))}
        error={error}
      >
        <Stack gap="sm" mt="xs">
          {offered.map((o) => {
            const i = details.get(o.number);
            return (
              <Radio
                key={o.number}
                value={String(o.number)}
                label={`Attach to #${o.number}: ${o.tagline}`}
                description={
                  i && (
                    <>
                      {statusLabel[i.status]} · {i.urgency ?? 'no urgency yet'} · declared{' '}
                      <IncidentAge incident={i} />
                      {i.owner ? ` · owned by ${i.owner.name}` : ' · no owner'}
                    </>
                  )
                }
                styles={{ label: { overflowWrap: 'anywhere' } }}
              />
            );
          })}
          <Radio
            value="new"
            label="Open a new incident"
            description="Responders are told; the title comes from what you describe unless you give one."
          />
        </Stack>
      </Radio.Group>
      <Group gap="xs" aria-live="polite" mih={20}>
        {long && similar.searching && (
          <>
            <Loader size={14} aria-hidden />
            <Text size="xs" c={mutedColor}>
              Looking for similar open incidents…
            </Text>
          </>
        )}
        {long && !similar.searching && similar.isError && (
          <Text size="xs" c={mutedColor}>
            Could not look for similar incidents ({errorMessage(similar.error)}); you can still file the
            report.
          </Text>
        )}
        {long && !similar.searching && !similar.isError && similar.data && found.length === 0 && (
          <Text size="xs" c={mutedColor}>
            No similar open incident found.
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/** Resolved incidents like what the customer sees, with what fixed them. */
export function PastLikeThis({ text }: { text: string }) {
  const past = useSeenBefore(text);
  return <SeenBefore items={past.data ?? []} title="Solved before?" />;
}

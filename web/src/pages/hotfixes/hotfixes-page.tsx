// Hotfixes (/hotfixes): every hotfix recorded on an incident with each long-lived branch merged
// back or not, oldest outstanding first, so that none is forgotten; and the repositories they are
// checked in (admins add them; responders check now).
import { Anchor, Badge, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useLiveUpdates } from '../../api/live.ts';
import type { Hotfix } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { mutedColor } from '../../components/incident-row.tsx';
import { LoadingNote, QuietState } from '../../components/quiet-state.tsx';
import { ErrorState } from '../../components/states.tsx';
import { branchNotes, mergedBackLabel, mergedBackWords, shortSha } from '../../lib/hotfix-words.ts';
import { allows } from '../../lib/permissions.ts';
import { age } from '../../lib/time.ts';
import { Repositories } from './repositories.tsx';

const branchColor = { merged: 'teal.9', missing: 'yellow.4', unknown: 'gray.7' } as const;
const branchWords = { merged: 'merged back', missing: 'not merged back', unknown: 'not known' } as const;

function HotfixCard({ hotfix: h }: { hotfix: Hotfix }) {
  return (
    <Card component="li" withBorder padding="sm">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Anchor component={Link} to={`/incidents/${h.incident.number}`} fw={500}>
            #{h.incident.number} {h.incident.tagline}
          </Anchor>
          {h.outstanding ? (
            <Badge color="yellow.4" c="black">
              Outstanding
            </Badge>
          ) : (
            <Badge color="teal.9" c="white">
              Merged back
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {h.repository.name} · {h.branch} · {h.commits.map(shortSha).join(', ')}
        </Text>
        <Text size="sm" aria-label={mergedBackLabel(h)}>
          merged back: {mergedBackWords(h)}
        </Text>
        {h.branches.length > 0 && (
          <Group gap={6} wrap="wrap" aria-hidden>
            {h.branches.map((b) => (
              <Badge
                key={b.branch}
                color={branchColor[b.state]}
                c={b.state === 'missing' ? 'black' : 'white'}
                tt="none"
                title={b.detail ?? branchWords[b.state]}
              >
                {b.branch}: {branchWords[b.state]}
              </Badge>
            ))}
          </Group>
        )}
        {branchNotes(h).map((note) => (
          <Text key={note} size="xs">
            {note}
          </Text>
        ))}
        <Text size="xs" c={mutedColor}>
          Recorded {age(h.recordedAt)} ago{h.recordedBy ? ` by ${h.recordedBy.name}` : ''}
        </Text>
      </Stack>
    </Card>
  );
}

/** The Hotfixes view. */
export function HotfixesPage() {
  useDocumentTitle('Hotfixes · Expedite');
  const me = useCurrentUser();
  useLiveUpdates();
  const [show, setShow] = useState<'outstanding' | 'all'>('outstanding');
  const list = useQuery({
    queryKey: keys.hotfixList,
    queryFn: ({ signal }) => api<{ items: Hotfix[] }>('/hotfixes', { signal }),
  });
  const items = (list.data?.items ?? []).filter((h) => show === 'all' || h.outstanding);

  let content;
  if (list.isPending) content = <LoadingNote label="Loading the hotfixes" />;
  else if (!list.data) content = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (items.length === 0)
    content = (
      <QuietState>
        {show === 'outstanding'
          ? 'Every hotfix is merged back into every long-lived branch.'
          : 'No hotfix recorded yet. Record one in the incident it fixes.'}
      </QuietState>
    );
  else
    content = (
      <Stack
        gap="xs"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Hotfixes"
      >
        {items.map((h) => (
          <HotfixCard key={h.id} hotfix={h} />
        ))}
      </Stack>
    );

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>Hotfixes</Title>
        <Text c={mutedColor}>
          Fixes made in a hurry, and whether each long-lived branch holds them yet. Outstanding ones first,
          the oldest at the top; the incident’s owner is reminded every day until they are merged back.
        </Text>
        <SegmentedControl
          aria-label="Show"
          value={show}
          onChange={(v) => setShow(v === 'all' ? 'all' : 'outstanding')}
          data={[
            { value: 'outstanding', label: 'Outstanding' },
            { value: 'all', label: 'All' },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
        {content}
      </Stack>
      <Repositories
        canManage={allows(me.role, 'integrations:manage')}
        canCheck={allows(me.role, 'incidents:work')}
      />
    </Stack>
  );
}

// The client's SLA clocks under the incident's header (acknowledge, first response, resolve: how
// much of each target is used, moving on while the page is open) and the client's emergency
// contacts with the order they are tried in.
import { Anchor, Button, Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconSpeakerphone } from '@tabler/icons-react';
import { useId } from 'react';
import type { Client, IncidentSla, SlaClock } from '../../../api/types.ts';
import { clockLabel, contactOrderText } from '../../../lib/paging-words.ts';
import { age, when } from '../../../lib/time.ts';
import { useNow } from '../../../lib/use-now.ts';
import classes from '../room.module.css';

/** A clock's colour and words: met, breached or missed, due soon (three quarters used) or due. */
function clockLook(c: SlaClock): { color: string; text: string } {
  if (c.state === 'met') return { color: 'teal.8', text: `✓ Met ${when(c.metAt ?? c.dueAt)}` };
  if (c.state === 'breached')
    return {
      color: 'red.8',
      text: c.metAt
        ? `Missed: done ${when(c.metAt)}, due ${when(c.dueAt)}`
        : `Breached: was due ${when(c.dueAt)}`,
    };
  if (c.used >= 0.75) return { color: 'yellow.6', text: `Due ${when(c.dueAt)}, soon` };
  return { color: 'green.8', text: `Due ${when(c.dueAt)}` };
}

/**
 * The client's emergency contacts: name, phone and email as links, and the order they are tried
 * in; `onNotify` (for people who work incidents) adds "Notify client contacts".
 */
function ClientContacts({ client, onNotify }: { client: Client; onNotify?: () => void }) {
  const headingId = useId();
  const contacts = client.emergencyContacts;
  if (!contacts.length) return null;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600} id={headingId}>
          Emergency contacts
        </Text>
        {onNotify && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconSpeakerphone size={14} aria-hidden />}
            onClick={onNotify}
          >
            Notify client contacts
          </Button>
        )}
      </Group>
      <Stack component="ul" gap={4} className={classes.list} aria-labelledby={headingId}>
        {contacts.map((c, i) => (
          <li key={i} style={{ overflowWrap: 'anywhere' }} data-testid="client-contact">
            <Text size="sm" component="div">
              <strong>{c.name}</strong>
              {c.phone && (
                <>
                  {' · '}
                  <Anchor href={`tel:${c.phone}`} inherit>
                    {c.phone}
                  </Anchor>
                </>
              )}
              {c.email && (
                <>
                  {' · '}
                  <Anchor href={`mailto:${c.email}`} inherit>
                    {c.email}
                  </Anchor>
                </>
              )}
            </Text>
            <Text size="xs" className={classes.muted}>
              {contactOrderText(c)}
            </Text>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

/** The clocks of the incident's client, with its emergency contacts below. */
export function SlaClocks({ sla, onNotify }: { sla: IncidentSla; onNotify?: () => void }) {
  const now = useNow(30_000);
  if (!sla.client) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Service level clocks">
      <Stack gap={6}>
        <Text size="sm">
          <strong>Client:</strong> {sla.client.name}
          {sla.tier && ` · ${sla.tier.name} tier`}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {sla.clocks.map((c) => {
            // Running clocks move on between reads.
            const start = Date.parse(c.dueAt) - c.targetMinutes * 60_000;
            const used =
              c.state === 'running' ? Math.max(c.used, (now - start) / (c.targetMinutes * 60_000)) : c.used;
            const look = clockLook({
              ...c,
              used,
              state: c.state === 'running' && used > 1 ? 'breached' : c.state,
            });
            const label = clockLabel[c.clock];
            const left = Date.parse(c.dueAt) - now;
            return (
              <Stack key={c.clock} gap={2} data-testid={`sla-${c.clock}`}>
                <Group justify="space-between" gap={4} wrap="nowrap">
                  <Text size="xs" fw={600}>
                    {label}
                  </Text>
                  <Text size="xs">
                    {c.state === 'running' && left > 0
                      ? `${age(new Date(now - left).toISOString(), now)} left`
                      : ''}
                  </Text>
                </Group>
                <Progress.Root size="md">
                  <Progress.Section
                    value={Math.round(Math.min(1, used) * 100)}
                    color={look.color}
                    aria-label={`${label}: ${look.text}`}
                  />
                </Progress.Root>
                <Text size="xs">{look.text}</Text>
              </Stack>
            );
          })}
        </SimpleGrid>
        <ClientContacts client={sla.client} onNotify={onNotify} />
      </Stack>
    </Paper>
  );
}

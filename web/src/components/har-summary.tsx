// What a HAR file (a browser's recording of its network traffic) shows went wrong, so responders
// see the problem without opening the file: counts, the failing and the slow requests, and page
// errors. The server has already removed secrets (tokens, cookies, passwords) from every URL shown.
import { Badge, Group, List, Stack, Table, Text } from '@mantine/core';
import type { HarRequestLine, HarSummary } from '../api/types.ts';

/** "850 ms", "1.2 s", "2 min 5 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The outcome of a request in words: "500 Internal Server Error" or the browser's network error. */
function result(r: HarRequestLine): string {
  if (r.error) return r.error;
  if (r.status === 0) return 'No response';
  return `${r.status}${r.statusText ? ` ${r.statusText}` : ''}`;
}

function Requests({ caption, rows }: { caption: string; rows: HarRequestLine[] }) {
  return (
    <Table
      verticalSpacing={4}
      horizontalSpacing="xs"
      fz="sm"
      style={{ tableLayout: 'fixed', width: '100%' }}
      captionSide="top"
    >
      <Table.Caption style={{ textAlign: 'left', fontWeight: 600, color: 'var(--mantine-color-text)' }}>
        {caption}
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Request</Table.Th>
          <Table.Th w="32%">Result</Table.Th>
          <Table.Th w="4.5rem" ta="right">
            Time
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={i}>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              <Text span fw={700} inherit>
                {r.method}
              </Text>{' '}
              <Text span ff="monospace" inherit>
                {r.url}
              </Text>
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{result(r)}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {duration(r.timeMs)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A HAR file's summary. */
export function HarSummaryView({ summary }: { summary: HarSummary }) {
  const counts = [
    plural(summary.entries, 'request'),
    plural(summary.pages, 'page'),
    summary.durationMs !== null ? `over ${duration(summary.durationMs)}` : null,
  ].filter(Boolean);
  return (
    <Stack gap="xs" data-testid="har-summary">
      <Text size="sm">{counts.join(' · ')}</Text>
      <Group gap={6}>
        <Badge color={summary.failing.length ? 'red.9' : 'gray.7'} variant="filled" tt="none">
          {plural(summary.failing.length, 'failing request')}
        </Badge>
        <Badge color={summary.slow.length ? 'yellow.5' : 'gray.7'} variant="filled" tt="none">
          {plural(summary.slow.length, 'slow request')}
        </Badge>
        <Badge color={summary.pageErrors.length ? 'red.9' : 'gray.7'} variant="filled" tt="none">
          {plural(summary.pageErrors.length, 'page error')}
        </Badge>
        {summary.redactions > 0 && (
          <Badge color="gray.7" variant="filled" tt="none">
            {plural(summary.redactions, 'secret')} removed
          </Badge>
        )}
      </Group>
      {summary.failing.length > 0 && <Requests caption="Failing requests" rows={summary.failing} />}
      {summary.slow.length > 0 && <Requests caption="Slow requests" rows={summary.slow} />}
      {summary.pageErrors.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Page errors
          </Text>
          <List size="sm" spacing={2}>
            {summary.pageErrors.map((e, i) => (
              <List.Item key={i} style={{ overflowWrap: 'anywhere' }}>
                {e.message}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      {summary.truncated && (
        <Text size="xs" c="dimmed">
          The file was long: some requests are not listed.
        </Text>
      )}
    </Stack>
  );
}

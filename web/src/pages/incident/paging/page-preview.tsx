// Whom a page would reach, shown before sending: the covering policy's people with how they are
// reached, or plainly that nobody would be — never "Page requested" followed by "could not page".
import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { PersonReach } from '../../../lib/setup-data.ts';
import { incidentPath } from '../use-incident.ts';

export interface PagePreview {
  policies: { id: string; name: string; levels: { level: number; people: PersonReach[] }[] }[];
  reachable: boolean;
}

/** The preview of paging incident `ref` now. */
export function usePagePreview(ref: string) {
  return useQuery({
    queryKey: ['incidents', 'page-preview', ref],
    queryFn: ({ signal }) => api<PagePreview>(incidentPath(ref, '/page/preview'), { signal }),
  });
}

/** A person and how they are reached, in words. */
export const reachText = (p: PersonReach) =>
  p.reachable
    ? `${p.name} (${p.methods.map((m) => m.kind).join(', ')})`
    : `${p.name} (no verified contact method)`;

/** The preview in words. */
export function PagePreviewText({ preview }: { preview: PagePreview | undefined }) {
  if (!preview) return null;
  if (preview.policies.length === 0)
    return (
      <Alert
        styles={{ title: { color: 'var(--mantine-color-text)' } }}
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={18} aria-hidden />}
        title="Nobody would be paged"
        role="alert"
      >
        No escalation policy covers this incident&apos;s service or area. Give the service a policy on
        Services, or add responders by name.
      </Alert>
    );
  if (!preview.reachable)
    return (
      <Alert
        styles={{ title: { color: 'var(--mantine-color-text)' } }}
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={18} aria-hidden />}
        title="Nobody can be reached"
        role="alert"
      >
        {preview.policies
          .map(
            (p) =>
              `${p.name}: ${
                p.levels
                  .flatMap((l) => l.people)
                  .map(reachText)
                  .join(', ') || 'nobody on call'
              }`,
          )
          .join('; ')}
        . Nobody on it has a verified contact method, so a page would reach nobody.
      </Alert>
    );
  return (
    <Stack gap={2}>
      {preview.policies.map((p) => (
        <Text key={p.id} size="sm">
          Pages {p.name}, first {p.levels[0]?.people.map(reachText).join(', ') || 'nobody on call at level 1'}
          .
        </Text>
      ))}
    </Stack>
  );
}

// The audit trail of the urgency policy: each version with who changed it, when, why, and what
// changed, newest first. Admins only (the server keeps the audit log for them).
import { List, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '../../../../src/audit/store.ts';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { when } from '../../lib/time.ts';
import { isPolicy, policyChanges } from './policy-text.ts';

/** The query key of the policy history (under the policy's, so saving refreshes both). */
export const historyKey = [...keys.policy, 'history'] as const;

/** The list of policy changes; `names` maps person ids to names. */
export function PolicyHistory({ names }: { names: Map<string, string> }) {
  const history = useQuery({
    queryKey: historyKey,
    queryFn: () => api<{ items: AuditEntry[] }>('/policy/history?limit=50'),
  });
  if (history.isPending) return <LoadingState label="Loading history" />;
  if (history.error) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  const items = history.data.items;
  if (items.length === 0) return <EmptyState>No changes yet: the policy is still the default.</EmptyState>;
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((e) => {
        const reason = typeof e.data.reason === 'string' ? e.data.reason : undefined;
        const changes =
          isPolicy(e.data.before) && isPolicy(e.data.after) ? policyChanges(e.data.before, e.data.after) : [];
        const version = e.target?.replace(/^policy:v/, '') ?? '?';
        return (
          <Paper key={e.id} component="li" withBorder p="sm">
            <Text size="sm" fw={600}>
              Version {version}
              <Text span inherit fw={400} c="dimmed">
                {' '}
                · {when(e.at)} · {(e.actorId && names.get(e.actorId)) ?? 'someone'}
              </Text>
            </Text>
            {reason && (
              <Text size="sm" mt={4}>
                “{reason}”
              </Text>
            )}
            {changes.length > 0 ? (
              <List size="sm" mt={4} c="dimmed">
                {changes.map((c) => (
                  <List.Item key={c}>{c}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm" c="dimmed" mt={4}>
                Saved without changes.
              </Text>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}

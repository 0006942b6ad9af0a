// The affected service of a new incident, with a suggestion taken from the similar incidents that
// name one (paging follows the service's chain, so a right guess reaches the right people).
import { Anchor, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { ServicePicker } from '../../features/declare/route-preview.tsx';

/** The service picker of the report form, suggesting the service similar incidents name. */
export function ReportServiceField(p: {
  text: string;
  value: string;
  error?: string | undefined;
  onChange: (name: string) => void;
}) {
  const [debounced] = useDebouncedValue(p.text.trim(), 400);
  const suggestion = useQuery({
    queryKey: ['similar-service', debounced],
    queryFn: async ({ signal }) =>
      (
        await api<{ suggestedService: { id: string; name: string } | null }>(
          `/reports/similar?text=${encodeURIComponent(debounced)}&limit=5`,
          { signal },
        )
      ).suggestedService,
    enabled: debounced.length >= 3,
    staleTime: 30_000,
    retry: false,
  });
  const suggested = suggestion.data?.name;
  return (
    <div>
      <ServicePicker value={p.value} error={p.error} onChange={p.onChange} />
      {suggested && suggested !== p.value && (
        <Text size="xs" c={mutedColor} mt={4} data-testid="service-suggestion">
          Similar incidents name {suggested}.{' '}
          <Anchor component="button" type="button" size="xs" onClick={() => p.onChange(suggested)}>
            Use {suggested}
          </Anchor>
        </Text>
      )}
    </div>
  );
}

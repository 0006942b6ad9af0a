// Whom declaring will page, asked of the server before submitting ("Pages Checkout on-call: one
// person, by phone and SMS"), with the choice not to page and why. Shown only when the decision
// will be expedite: only then does declaring page.
import { Checkbox, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.ts';
import { mutedColor } from '../../components/incident-row.tsx';
import { useServices } from '../../lib/paging-data.ts';

interface Preview {
  because: string;
  summary: string;
}

/** A searchable picker of the affected service (by name). */
export function ServicePicker({
  value,
  error,
  onChange,
}: {
  value: string;
  error?: string | undefined;
  onChange: (name: string) => void;
}) {
  const services = useServices();
  return (
    <Select
      label="Service (optional)"
      description="Paging follows its chain; without one, the area's team, else the default policy."
      placeholder={services.isPending ? 'Loading services…' : 'Search services'}
      searchable
      clearable
      name="service"
      nothingFoundMessage="No such service"
      data={(services.data ?? []).map((s) => s.name)}
      value={value || null}
      error={error}
      onChange={(v) => onChange(v ?? '')}
    />
  );
}

/** The route preview and the "do not page" choice. */
export function RoutePreview(p: {
  service: string;
  area: string;
  skip: boolean;
  reason: string;
  reasonError?: string | undefined;
  onSkip: (skip: boolean) => void;
  onReason: (reason: string) => void;
}) {
  const query = new URLSearchParams();
  if (p.service) query.set('service', p.service);
  if (p.area) query.set('area', p.area);
  const preview = useQuery({
    queryKey: ['routing-preview', p.service, p.area],
    queryFn: ({ signal }) => api<Preview>(`/routing/preview?${query.toString()}`, { signal }),
    staleTime: 15_000,
  });
  let words;
  if (preview.isPending) words = 'Finding whom it will page…';
  else if (preview.isError) words = `Whom it will page is unknown (${errorMessage(preview.error)})`;
  else
    words = p.skip
      ? `Will not page (${preview.data.summary.replace(/^Pages/, 'would page')})`
      : preview.data.summary;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} data-testid="declare-route" aria-live="polite">
        {words}
      </Text>
      {preview.data && (
        <Text size="xs" c={mutedColor}>
          {preview.data.because}
        </Text>
      )}
      <Checkbox
        label="Do not page anyone"
        checked={p.skip}
        onChange={(e) => p.onSkip(e.currentTarget.checked)}
      />
      {p.skip && (
        <TextInput
          label="Why nobody is paged"
          name="noPageReason"
          required
          maxLength={2000}
          value={p.reason}
          error={p.reasonError}
          onChange={(e) => p.onReason(e.currentTarget.value)}
        />
      )}
    </Stack>
  );
}

// The incident list's filters and search. Every value lives in the URL (see incident-query.ts); this
// only draws the inputs and reports changes.
import { Button, Checkbox, Collapse, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAdjustments, IconSearch, IconX } from '@tabler/icons-react';
import { useId, useState } from 'react';
import type { Status } from '../../api/types.ts';
import { areas, criticalities, labels, phrases, scopes, statusLabel, urgencies } from '../../lib/labels.ts';
import { useClients, useServices } from '../../lib/paging-data.ts';
import { hasFilters, type Filters } from './incident-query.ts';

const any = (label: string) => ({ value: '', label });
const coded = <C extends string>(codes: readonly C[], words: Record<C, string>) =>
  codes.map((c) => ({ value: c, label: `${words[c]} (${c})` }));

const statusOptions = [
  any('Any status'),
  { value: 'open', label: 'Open (not resolved, closed or declined)' },
  ...(Object.keys(statusLabel) as Status[]).map((s) => ({ value: s, label: statusLabel[s] })),
];
const ownerOptions = [
  any('Anyone or no one'),
  { value: 'me', label: 'Me' },
  { value: 'none', label: 'No owner' },
];
const scopeOptions = [any('Any scope'), ...coded(scopes, labels.scope)];
const criticalityOptions = [any('Any criticality'), ...coded(criticalities, labels.criticality)];
const areaOptions = [any('Any area'), ...coded(areas, labels.area)];

interface Props {
  filters: Filters;
  /** A filter changed; `typing` marks search keystrokes, which should not each add a history entry. */
  onChange: (patch: Partial<Filters>, typing?: boolean) => void;
  onClear: () => void;
}

/** Search, status, urgency, owner, scope, criticality and area, and a way to clear them. */
export function IncidentFilters({ filters, onChange, onClear }: Props) {
  // The search box shows what is typed at once; the URL follows after a pause. When the URL
  // changes by other means (back button, clear), the box follows the URL.
  const [search, setSearch] = useState(filters.q);
  const [shownQ, setShownQ] = useState(filters.q);
  if (filters.q !== shownQ) {
    setShownQ(filters.q);
    setSearch(filters.q);
  }
  const commitSearch = useDebouncedCallback((value: string) => {
    if (value.trim() === filters.q) return;
    setShownQ(value.trim());
    onChange({ q: value.trim() }, true);
  }, 300);

  // On phones the filters fold away behind a button so the results stay in view.
  const phone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false });
  const [folded, { toggle: toggleFold }] = useDisclosure(true);
  const foldId = useId();
  const setCount =
    [
      filters.status,
      filters.owner,
      filters.scope,
      filters.criticality,
      filters.area,
      filters.service,
      filters.client,
    ].filter(Boolean).length + (filters.urgency.length ? 1 : 0);

  const services = useServices().data ?? [];
  const clients = useClients().data ?? [];
  const named = (what: string, list: { name: string }[], current: string) => [
    any(`Any ${what}`),
    ...list.map((x) => ({ value: x.name, label: x.name })),
    // A name from the URL that is not (or no longer) in the list stays shown as chosen.
    ...(current && !list.some((x) => x.name === current) ? [{ value: current, label: current }] : []),
  ];
  const select = (
    key: 'status' | 'owner' | 'scope' | 'criticality' | 'area' | 'service' | 'client',
    label: string,
    data: typeof statusOptions,
  ) => (
    <NativeSelect
      label={label}
      name={key}
      data={data}
      value={filters[key]}
      onChange={(e) => onChange({ [key]: e.currentTarget.value })}
    />
  );

  const clearButton = hasFilters(filters) && (
    <Button
      variant="default"
      leftSection={<IconX size={16} aria-hidden />}
      onClick={() => {
        commitSearch.cancel();
        setSearch('');
        setShownQ('');
        onClear();
      }}
    >
      Clear filters
    </Button>
  );

  return (
    <Stack gap="sm">
      <TextInput
        type="search"
        label="Search"
        name="q"
        placeholder="Words in the title, description, resolution or notes"
        leftSection={<IconSearch size={16} aria-hidden />}
        maxLength={200}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          commitSearch(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commitSearch.flush();
        }}
      />
      {phone && (
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconAdjustments size={16} aria-hidden />}
            aria-expanded={!folded}
            aria-controls={foldId}
            onClick={toggleFold}
          >
            {folded ? 'Show filters' : 'Hide filters'}
            {setCount ? ` (${setCount} set)` : ''}
          </Button>
          {clearButton}
        </Group>
      )}
      <Collapse expanded={!phone || !folded} id={foldId}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
            {select('status', 'Status', statusOptions)}
            {select('owner', 'Owner', ownerOptions)}
            {select('scope', 'Scope', scopeOptions)}
            {select('criticality', 'Criticality', criticalityOptions)}
            {select('area', 'Area', areaOptions)}
            {select('service', 'Service', named('service', services, filters.service))}
            {select('client', 'Client', named('client', clients, filters.client))}
          </SimpleGrid>
          <Group justify="space-between" align="flex-end" gap="sm">
            <Checkbox.Group
              label="Urgency"
              value={filters.urgency}
              onChange={(v) => onChange({ urgency: urgencies.filter((u) => v.includes(u)) })}
            >
              <Group gap="md" mt={6}>
                {urgencies.map((u) => (
                  <Checkbox key={u} value={u} label={`${u} · ${phrases.urgency[u]}`} />
                ))}
              </Group>
            </Checkbox.Group>
            {!phone && clearButton}
          </Group>
        </Stack>
      </Collapse>
    </Stack>
  );
}

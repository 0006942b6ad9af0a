// Picking a person: a native select (keyboard and phone pickers for free) over the people list.
import { NativeSelect } from '@mantine/core';
import type { User } from '../../api/types.ts';
import { useUsers } from './use-incident.ts';

/** A labelled person picker; `filter` narrows who may be picked; value is the person's id. */
export function PersonSelect({
  label,
  value,
  onChange,
  error,
  filter,
  emptyLabel = 'Choose a person',
  required,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  error?: string;
  filter?: (u: User) => boolean;
  emptyLabel?: string;
  required?: boolean;
}) {
  const users = useUsers();
  const people = (users.data ?? []).filter((u) => !filter || filter(u));
  const loadError = users.isError ? 'Could not load people; try again later' : undefined;
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error ?? loadError}
      withAsterisk={required}
      data={[
        { value: '', label: users.isPending ? 'Loading people…' : emptyLabel },
        ...people.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
      ]}
    />
  );
}

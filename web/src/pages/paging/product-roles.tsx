// A team's product owners (asked "expedite, backlog or decline?" for incidents in its areas) and
// its lead (told when nobody answers), edited with the team and saved after it.
import { NativeSelect, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePeople } from '../../lib/paging-data.ts';
import { PeopleList } from './people-list.tsx';

/** What `/teams/{id}/product-owners` answers. */
export interface ProductRoles {
  productOwners: { id: string; name: string; email: string }[];
  lead: string | null;
}

/** The product roles of a team; nothing to read for a new team (`teamId` null). */
export function useProductRoles(teamId: string | null) {
  return useQuery({
    queryKey: ['paging', 'product-roles', teamId],
    queryFn: ({ signal }) => api<ProductRoles>(`/teams/${teamId}/product-owners`, { signal }),
    enabled: teamId !== null,
  });
}

/** Saves the product roles of team `teamId`. */
export function saveProductRoles(teamId: string, owners: string[], lead: string) {
  return api<ProductRoles>(`/teams/${teamId}/product-owners`, {
    method: 'PUT',
    body: { productOwners: owners, lead: lead || null },
  });
}

/** The fields: product owners (a people list) and the lead (one person or nobody). */
export function ProductRoleFields({
  owners,
  onOwners,
  lead,
  onLead,
}: {
  owners: string[];
  onOwners: (ids: string[]) => void;
  lead: string;
  onLead: (id: string) => void;
}) {
  const people = usePeople();
  return (
    <Stack gap="md">
      <PeopleList
        label="Product owners"
        description="Asked “expedite, backlog or decline?” for incidents the policy cannot decide"
        value={owners}
        onChange={onOwners}
      />
      <NativeSelect
        label="Team lead"
        description="Told when a product owner's question goes unanswered"
        value={lead}
        onChange={(e) => onLead(e.currentTarget.value)}
        data={[{ value: '', label: 'Nobody' }, ...people.active.map((u) => ({ value: u.id, label: u.name }))]}
      />
    </Stack>
  );
}

// Reading and changing one integration, and placing the API's complaints about its JSON fields.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Integration, UpdateIntegrationBody } from '../../api/types.ts';

/** One integration, by id. */
export function useIntegration(id: string) {
  return useQuery({
    queryKey: keys.integration(id),
    queryFn: ({ signal }) => api<Integration>(`/integrations/${encodeURIComponent(id)}`, { signal }),
  });
}

/** A change to the integration; the answer replaces the cached one. */
export function useUpdate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateIntegrationBody) =>
      api<Integration>(`/integrations/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: async (integration) => {
      queryClient.setQueryData(keys.integration(id), integration);
      await queryClient.invalidateQueries({ queryKey: keys.integrations, exact: true });
    },
  });
}

/** The API's messages for fields under `prefix`, as "where: message" lines. */
export function linesUnder(err: unknown, prefix: string, describe: (path: string[]) => string): string[] {
  if (!(err instanceof ApiError)) return [];
  return Object.entries(err.fields)
    .filter(([f]) => f === prefix || f.startsWith(`${prefix}.`))
    .map(([f, m]) => {
      const path = f
        .slice(prefix.length + 1)
        .split('.')
        .filter(Boolean);
      return path.length ? `${describe(path)}: ${m}` : m;
    });
}

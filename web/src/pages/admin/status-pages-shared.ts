// What the status pages admin screens share: the API's shapes, the query key, the states, and a
// create form's mutation with the API's field errors.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { notify } from '../../lib/notify.ts';

export interface StatusPage {
  id: string;
  name: string;
  slug: string;
  customHost: string | null;
  url: string;
  private: boolean;
  accessKey: string | null;
  subscribers: number;
}
export interface Component {
  id: string;
  name: string;
  serviceId: string | null;
  manualState: string | null;
  state: string;
}
export interface Detail extends StatusPage {
  groups: { id: string; name: string; position: number }[];
  components: Component[];
  maintenances: { id: string; title: string; startsAt: string; endsAt: string }[];
}

export const KEY = ['status-pages'] as const;
export const states = [
  ['operational', 'Operational'],
  ['degraded_performance', 'Degraded performance'],
  ['partial_outage', 'Partial outage'],
  ['major_outage', 'Major outage'],
  ['under_maintenance', 'Under maintenance'],
] as const;
export const stateLabel = Object.fromEntries(states) as Record<string, string>;

/** A form's fields and its submit, with the API's field errors. */
export function useCreate<T>(path: string, done: string) {
  const queryClient = useQueryClient();
  const m = useMutation({
    mutationFn: (body: T) => api<Detail>(path, { method: 'POST', body }),
    onSuccess: async () => {
      notify(done);
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const fields = m.error instanceof ApiError ? m.error.fields : {};
  const general = m.error && !Object.keys(fields).length ? errorMessage(m.error) : undefined;
  return { m, fields, general };
}

// Incident lists: the filters as they live in the page's URL (so a copied URL reproduces the view)
// and the API query they make.
import type { ListQuery, Status } from '../../api/types.ts';
import {
  areas,
  criticalities,
  scopes,
  urgencies,
  type Area,
  type Criticality,
  type Scope,
  type Urgency,
} from '../../lib/labels.ts';
import { statusLabel } from '../../lib/labels.ts';

/** The list filters; '' means "any". */
export interface Filters {
  status: '' | 'open' | Status;
  urgency: Urgency[];
  owner: '' | 'me' | 'none';
  scope: '' | Scope;
  criticality: '' | Criticality;
  area: '' | Area;
  /** A service and a client by name ('' any): the API answers 400 for one that does not exist. */
  service: string;
  client: string;
  q: string;
}

export const noFilters: Filters = {
  status: '',
  urgency: [],
  owner: '',
  scope: '',
  criticality: '',
  area: '',
  service: '',
  client: '',
  q: '',
};

const statusValues = Object.keys(statusLabel) as Status[];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): '' | T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

/** Filters read from the URL; unknown values are ignored, so an edited or old URL never breaks the page. */
export function filtersFromParams(params: URLSearchParams): Filters {
  const urgency = (params.get('urgency') ?? '')
    .split(',')
    .filter((u): u is Urgency => (urgencies as readonly string[]).includes(u));
  return {
    status: oneOf(params.get('status'), ['open', ...statusValues] as const),
    urgency: urgencies.filter((u) => urgency.includes(u)),
    owner: oneOf(params.get('owner'), ['me', 'none'] as const),
    scope: oneOf(params.get('scope'), scopes),
    criticality: oneOf(params.get('criticality'), criticalities),
    area: oneOf(params.get('area'), areas),
    service: (params.get('service') ?? '').slice(0, 200),
    client: (params.get('client') ?? '').slice(0, 200),
    q: (params.get('q') ?? '').slice(0, 200),
  };
}

/** The URL query string for filters, leaving out every "any", in a stable order. */
export function paramsFromFilters(f: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.q.trim()) params.set('q', f.q.trim());
  if (f.status) params.set('status', f.status);
  if (f.urgency.length) params.set('urgency', f.urgency.join(','));
  if (f.owner) params.set('owner', f.owner);
  if (f.scope) params.set('scope', f.scope);
  if (f.criticality) params.set('criticality', f.criticality);
  if (f.area) params.set('area', f.area);
  if (f.service) params.set('service', f.service);
  if (f.client) params.set('client', f.client);
  return params;
}

/** Whether any filter is set. */
export function hasFilters(f: Filters): boolean {
  return paramsFromFilters(f).size > 0;
}

/** The API query for filters. */
export function toListQuery(f: Filters, limit = 50): ListQuery {
  return Object.fromEntries([...paramsFromFilters(f), ['limit', limit]]) as ListQuery;
}

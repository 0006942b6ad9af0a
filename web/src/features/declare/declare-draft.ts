// What someone has typed into the declare form, how it becomes the API request and the policy's
// input, and where the API's field errors belong. The draft outlives the modal so that an
// accidental close or a failed request never loses what was typed.
import type { ApiError } from '../../api/client.ts';
import type { Classification, DeclareBody } from '../../api/types.ts';
import type { Area, Criticality, ImpactLevel, Lifespan, Scope } from '../../lib/labels.ts';

/** The form's values; '' means "not known yet". */
export interface Draft {
  title: string;
  description: string;
  scope: '' | Scope;
  criticality: '' | Criticality;
  area: '' | Area;
  conversion: '' | ImpactLevel;
  experience: '' | ImpactLevel;
  revenue: '' | ImpactLevel;
  expected: '' | Lifespan;
  service: string;
  noPageReason: string;
  steps: string;
}
export type DraftField = keyof Draft;

export const emptyDraft: Draft = {
  title: '',
  description: '',
  scope: '',
  criticality: '',
  area: '',
  conversion: '',
  experience: '',
  revenue: '',
  expected: '',
  service: '',
  noPageReason: '',
  steps: '',
};

const orNull = <T extends string>(v: '' | T): T | null => (v === '' ? null : v);

/** The classification the urgency policy reads, for the live preview. */
export function toClassification(d: Draft): Classification {
  return {
    scope: orNull(d.scope),
    criticality: orNull(d.criticality),
    area: orNull(d.area),
    impact: {
      conversion: orNull(d.conversion),
      experience: orNull(d.experience),
      revenue: orNull(d.revenue),
    },
  };
}

/** The request body, sending only what is known; `skipPage` declares without paging. */
export function toDeclareBody(
  d: Draft,
  o: { skipPage: boolean; mine: boolean } = { skipPage: false, mine: false },
): DeclareBody {
  const body: DeclareBody = { title: d.title.trim() };
  if (d.service) body.service = d.service;
  if (o.skipPage) {
    body.page = false;
    body.noPageReason = d.noPageReason.trim();
  }
  if (o.mine) body.takeOwnership = true;
  if (d.description.trim()) body.description = d.description;
  if (d.steps.trim()) body.stepsToReproduce = d.steps;
  if (d.scope) body.scope = d.scope;
  if (d.criticality) body.criticality = d.criticality;
  if (d.area) body.area = d.area;
  const impact = Object.fromEntries(
    (['conversion', 'experience', 'revenue'] as const).filter((k) => d[k]).map((k) => [k, d[k]]),
  );
  if (Object.keys(impact).length) body.impact = impact;
  if (d.expected) body.lifespan = { expected: d.expected };
  return body;
}

const fieldOf: Record<string, DraftField> = {
  'body.title': 'title',
  'body.description': 'description',
  'body.scope': 'scope',
  'body.criticality': 'criticality',
  'body.area': 'area',
  'body.impact.conversion': 'conversion',
  'body.impact.experience': 'experience',
  'body.impact.revenue': 'revenue',
  'body.lifespan.expected': 'expected',
  'body.service': 'service',
  'body.noPageReason': 'noPageReason',
  'body.stepsToReproduce': 'steps',
};

/** The API's field messages placed on the form's fields; the rest, as lines for a general alert. */
export function placeErrors(err: ApiError): { fields: Partial<Record<DraftField, string>>; other: string[] } {
  const fields: Partial<Record<DraftField, string>> = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(err.fields)) {
    const field = fieldOf[path];
    if (field) fields[field] = message;
    else other.push(`${path.replace(/^body\./, '')}: ${message}`);
  }
  return { fields, other };
}

let kept: Draft | undefined;

/** The unsent draft from an earlier opening of the form, if any. */
export function keptDraft(): Draft | undefined {
  return kept;
}

/** Remembers the draft (or forgets it, after declaring or starting over). */
export function keepDraft(d: Draft | undefined): void {
  kept = d && Object.values(d).some((v) => v !== '') ? d : undefined;
}

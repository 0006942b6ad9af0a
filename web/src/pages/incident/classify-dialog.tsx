// Reclassifying: scope, criticality, area, business impact and lifespan in plain words; only what
// changed is sent, and the new tagline, urgency and decision are announced after saving.
import { NativeSelect, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { ClassifyBody, Incident } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { areas, criticalities, impactLevels, labels, lifespans, scopes } from '../../lib/labels.ts';
import { DialogBody, DialogForm, type DialogProps } from './dialog-form.tsx';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

const impacts = [
  ['conversion', 'Conversion'],
  ['experience', 'Customer experience'],
  ['revenue', 'Revenue'],
] as const;
type ImpactKey = (typeof impacts)[number][0];

type Form = Record<
  'scope' | 'criticality' | 'area' | ImpactKey | 'startedAt' | 'expected' | 'reason',
  string
>;

/** An ISO time as the value of a datetime-local input, in local time. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function formOf(i: Incident): Form {
  return {
    scope: i.scope ?? '',
    criticality: i.criticality ?? '',
    area: i.area ?? '',
    conversion: i.impact.conversion ?? '',
    experience: i.impact.experience ?? '',
    revenue: i.impact.revenue ?? '',
    startedAt: toLocalInput(i.lifespan.startedAt),
    expected: i.lifespan.expected ?? '',
    reason: '',
  };
}

/** The request body with only the fields that differ from the incident; null when none do. */
function changesOf(before: Form, f: Form): ClassifyBody | null {
  const body: ClassifyBody = {};
  const v = <T,>(s: string) => (s === '' ? null : (s as T));
  if (f.scope !== before.scope) body.scope = v(f.scope);
  if (f.criticality !== before.criticality) body.criticality = v(f.criticality);
  if (f.area !== before.area) body.area = v(f.area);
  for (const [k] of impacts) if (f[k] !== before[k]) body.impact = { ...body.impact, [k]: v(f[k]) };
  if (f.startedAt !== before.startedAt)
    body.lifespan = { startedAt: f.startedAt ? new Date(f.startedAt).toISOString() : null };
  if (f.expected !== before.expected) body.lifespan = { ...body.lifespan, expected: v(f.expected) };
  if (Object.keys(body).length === 0) return null;
  if (f.reason.trim()) body.reason = f.reason;
  return body;
}

function options(codes: readonly string[], words: Record<string, string>, withCode: boolean) {
  return [
    { value: '', label: 'Unknown' },
    ...codes.map((c) => ({ value: c, label: withCode ? `${c} — ${words[c]}` : (words[c] ?? c) })),
  ];
}

function ClassifyForm({ incident, incidentRef: ref, onClose }: DialogProps) {
  const [before] = useState(() => formOf(incident));
  const [form, setForm] = useState(before);
  const [unchanged, setUnchanged] = useState(false);
  const save = useIncidentMutation(
    ref,
    (body: ClassifyBody) => api<Incident>(incidentPath(ref, '/classification'), { method: 'PATCH', body }),
    {
      success: (i) =>
        `Reclassified. Now ${i.tagline} · ${i.urgency ?? 'no urgency'} · ${labels.decision[i.decision]}`,
    },
  );
  const set = (k: keyof Form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
    setUnchanged(false);
  };
  const err = (field: string) => fieldError(save.error, `body.${field}`);
  const submit = () => {
    const body = changesOf(before, form);
    if (!body) return setUnchanged(true);
    save.mutate(body, { onSuccess: onClose });
  };
  const fields = ['scope', 'criticality', 'area', 'reason', 'lifespan.startedAt', 'lifespan.expected'];
  return (
    <DialogBody
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Save classification"
      pending={save.isPending}
      error={
        unchanged
          ? 'Nothing has changed yet.'
          : formError(
              save.error,
              [...fields, ...impacts.map(([k]) => `impact.${k}`)].map((f) => `body.${f}`),
            )
      }
    >
      <NativeSelect
        label="Who is affected (scope)"
        value={form.scope}
        onChange={set('scope')}
        data={options(scopes, labels.scope, true)}
        error={err('scope')}
      />
      <NativeSelect
        label="How bad is it (criticality)"
        value={form.criticality}
        onChange={set('criticality')}
        data={options(criticalities, labels.criticality, true)}
        error={err('criticality')}
      />
      <NativeSelect
        label="Where (area)"
        value={form.area}
        onChange={set('area')}
        data={options(areas, labels.area, true)}
        error={err('area')}
      />
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        {impacts.map(([k, label]) => (
          <NativeSelect
            key={k}
            label={`Impact on ${label.toLowerCase()}`}
            value={form[k]}
            onChange={set(k)}
            data={options(impactLevels, labels.impact, false)}
            error={err(`impact.${k}`)}
          />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <TextInput
          type="datetime-local"
          label="Started at"
          value={form.startedAt}
          onChange={set('startedAt')}
          error={err('lifespan.startedAt')}
        />
        <NativeSelect
          label="Expected to last"
          value={form.expected}
          onChange={set('expected')}
          data={options(lifespans, labels.lifespan, false)}
          error={err('lifespan.expected')}
        />
      </SimpleGrid>
      <Textarea
        label="Reason (optional)"
        description="Recorded on the timeline"
        autosize
        minRows={2}
        value={form.reason}
        onChange={set('reason')}
        error={err('reason')}
      />
    </DialogBody>
  );
}

/** The reclassify dialog. */
export function ClassifyDialog(props: DialogProps & { opened: boolean }) {
  return (
    <DialogForm title={`Reclassify #${props.incident.number}`} opened={props.opened} onClose={props.onClose}>
      <ClassifyForm {...props} />
    </DialogForm>
  );
}

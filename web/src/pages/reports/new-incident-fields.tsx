// What a new incident opened by a report already knows: its title, the classification the agent can
// tell, and the affected service (suggested from what happens).
import { Fieldset, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { areas, criticalities, labels, scopes } from '../../lib/labels.ts';
import type { ReportDraft, ReportField } from './report-draft.ts';
import { ReportServiceField } from './service-field.tsx';

const unknown = { value: '', label: 'Not known yet' };
function codeOptions<C extends string>(codes: readonly C[], words: Record<C, string>) {
  return [unknown, ...codes.map((c) => ({ value: c, label: `${words[c]} (${c})` }))];
}
const scopeOptions = codeOptions(scopes, labels.scope);
const criticalityOptions = codeOptions(criticalities, labels.criticality);
const areaOptions = codeOptions(areas, labels.area);

/** A short title from what happens: its first line, at most 200 characters. */
function titleFrom(whatHappens: string): string {
  const line = whatHappens.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The new incident's fields; `onChange` sets one field of the draft. */
export function NewIncidentFields({
  draft,
  errors,
  onChange: change,
}: {
  draft: ReportDraft;
  errors: Partial<Record<ReportField, string>>;
  onChange: <K extends keyof ReportDraft>(field: K, value: ReportDraft[K]) => void;
}) {
  return (
    <Stack gap="sm">
      <TextInput
        label="Title of the new incident (optional)"
        placeholder={titleFrom(draft.whatHappens) || 'From what happens'}
        maxLength={200}
        value={draft.title}
        onChange={(e) => change('title', e.currentTarget.value)}
        error={errors.title}
      />
      <Fieldset legend="What you already know (optional)" variant="unstyled">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NativeSelect
            label="Who is affected (scope)"
            data={scopeOptions}
            value={draft.scope}
            onChange={(e) => change('scope', e.currentTarget.value as ReportDraft['scope'])}
            error={errors.scope}
          />
          <NativeSelect
            label="How bad it is (criticality)"
            data={criticalityOptions}
            value={draft.criticality}
            onChange={(e) => change('criticality', e.currentTarget.value as ReportDraft['criticality'])}
            error={errors.criticality}
          />
          <NativeSelect
            label="Where it is (area)"
            data={areaOptions}
            value={draft.area}
            onChange={(e) => change('area', e.currentTarget.value as ReportDraft['area'])}
            error={errors.area}
          />
        </SimpleGrid>
      </Fieldset>
      <ReportServiceField
        text={draft.whatHappens}
        value={draft.service}
        error={errors.service}
        onChange={(v) => change('service', v)}
      />
    </Stack>
  );
}

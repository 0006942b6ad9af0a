// The classification inputs of the declare form, every code with its plain-language label and
// "Not known yet" first, because during triage most of it is unknown.
import { Fieldset, NativeSelect, SimpleGrid } from '@mantine/core';
import { areas, criticalities, impactLevels, labels, lifespans, scopes } from '../../lib/labels.ts';
import type { Draft, DraftField } from './declare-draft.ts';

const unknown = { value: '', label: 'Not known yet' };

/** Options "Plain words (CODE)" for a code list. */
function codeOptions<C extends string>(codes: readonly C[], words: Record<C, string>) {
  return [unknown, ...codes.map((c) => ({ value: c, label: `${words[c]} (${c})` }))];
}

const impactWords = labels.impact;
const lifespanWords = labels.lifespan;

const scopeOptions = codeOptions(scopes, labels.scope);
const criticalityOptions = codeOptions(criticalities, labels.criticality);
const areaOptions = codeOptions(areas, labels.area);
const impactOptions = [unknown, ...impactLevels.map((l) => ({ value: l, label: impactWords[l] }))];
const lifespanOptions = [unknown, ...lifespans.map((l) => ({ value: l, label: lifespanWords[l] }))];

interface Props {
  draft: Draft;
  errors: Partial<Record<DraftField, string>>;
  onChange: (field: DraftField, value: string) => void;
  disabled?: boolean;
}

/** Scope, criticality, area, business impact and expected lifespan. */
export function ClassificationFields({ draft, errors, onChange, disabled }: Props) {
  const select = (field: DraftField, label: string, data: { value: string; label: string }[]) => (
    <NativeSelect
      label={label}
      name={field}
      data={data}
      value={draft[field]}
      error={errors[field]}
      disabled={disabled}
      onChange={(e) => onChange(field, e.currentTarget.value)}
    />
  );
  return (
    <>
      <Fieldset legend="Classification (optional)" variant="unstyled">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {select('scope', 'Who is affected (scope)', scopeOptions)}
          {select('criticality', 'How bad it is (criticality)', criticalityOptions)}
          {select('area', 'Where it is (area)', areaOptions)}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend="Business impact (optional)" variant="unstyled">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {select('conversion', 'Conversion', impactOptions)}
          {select('experience', 'Customer experience', impactOptions)}
          {select('revenue', 'Revenue', impactOptions)}
        </SimpleGrid>
      </Fieldset>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {select('expected', 'Expected to last', lifespanOptions)}
      </SimpleGrid>
    </>
  );
}

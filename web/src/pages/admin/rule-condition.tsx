// One condition of a routing rule as a row: a label or the title "is" a value or "matches" a
// regular expression, or the severity is one of some (the matchers routing.ts supports).
import { ActionIcon, Checkbox, Group, NativeSelect, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { severities, type Condition } from './rule-model.ts';

const fieldOptions = [
  { value: 'label', label: 'Label' },
  { value: 'title', label: 'Title' },
  { value: 'severity', label: 'Severity' },
];

const opOptions = [
  { value: 'is', label: 'is' },
  { value: 'matches', label: 'matches (regular expression)' },
];

/** One condition row. */
export function ConditionRow({
  rule,
  n,
  condition: c,
  onChange,
  onRemove,
}: {
  rule: string;
  n: number;
  condition: Condition;
  onChange: (c: Condition) => void;
  onRemove: () => void;
}) {
  const where = `${rule}, condition ${n}`;
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" role="group" aria-label={`Condition ${n}`}>
      <NativeSelect
        label="Field"
        aria-label={`${where}: field`}
        data={fieldOptions}
        value={c.field}
        onChange={(e) => onChange({ ...c, field: e.currentTarget.value as Condition['field'] })}
        w={120}
      />
      {c.field === 'label' && (
        <TextInput
          label="Label name"
          aria-label={`${where}: label name`}
          placeholder="service"
          maxLength={100}
          value={c.label}
          onChange={(e) => onChange({ ...c, label: e.currentTarget.value })}
          w={150}
        />
      )}
      {c.field === 'severity' ? (
        <Checkbox.Group
          label="is one of"
          value={c.severities}
          onChange={(v) => onChange({ ...c, severities: v })}
        >
          <Group gap="sm" mt={6}>
            {severities.map((s) => (
              <Checkbox key={s} value={s} label={s} aria-label={`${where}: ${s}`} />
            ))}
          </Group>
        </Checkbox.Group>
      ) : (
        <>
          <NativeSelect
            label="Operator"
            aria-label={`${where}: operator`}
            data={opOptions}
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.currentTarget.value as Condition['op'] })}
            w={150}
          />
          <TextInput
            label="Value"
            aria-label={`${where}: value`}
            placeholder={c.op === 'matches' ? 'prod|production' : 'checkout'}
            maxLength={498}
            value={c.value}
            onChange={(e) => onChange({ ...c, value: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 140 }}
          />
        </>
      )}
      <ActionIcon variant="default" size="lg" aria-label={`Remove ${where.toLowerCase()}`} onClick={onRemove}>
        <IconTrash size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
}

// One routing rule as a card: its name, the conditions an alert must meet (rows of field, operator,
// value), and what the rule does with it (open or drop; classification, urgency, grouping,
// threshold, repeat, auto-resolve), in plain words. Moving and removing are the list's.
import {
  ActionIcon,
  Button,
  Card,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { areas, criticalities, labels, scopes } from '../../lib/labels.ts';
import { ConditionRow } from './rule-condition.tsx';
import { conditionProblems, emptyCondition, idFrom, type Condition, type FormRule } from './rule-model.ts';

const unset = (what: string) => [{ value: '', label: `Not set (${what})` }];

const urgencyOptions = [
  { value: 'from-severity', label: 'From the alert’s severity (critical P1, error P2, warning P3, info P4)' },
  { value: 'from-policy', label: 'From the urgency policy, on the classification' },
  { value: 'P1', label: 'Always P1' },
  { value: 'P2', label: 'Always P2' },
  { value: 'P3', label: 'Always P3' },
  { value: 'P4', label: 'Always P4' },
];

/** The card of rule `index` (0-based) of `count`. */
export function RuleCard({
  rule,
  index,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  rule: FormRule;
  index: number;
  count: number;
  onChange: (r: FormRule) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const label = `Rule ${n}`;
  const set = <K extends keyof FormRule>(k: K, v: FormRule[K]) => onChange({ ...rule, [k]: v });
  const setCondition = (i: number, c: Condition) =>
    set(
      'conditions',
      rule.conditions.map((x, j) => (j === i ? c : x)),
    );
  const problems = conditionProblems(rule);
  const titleId = `rule-${rule.key}-title`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId} padding="sm">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h5" id={titleId}>
            {label}
            {rule.name ? `: ${rule.name}` : ''}
          </Title>
          <Group gap={4}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`Move rule ${n} up`}
              disabled={index === 0}
              onClick={() => onMove(-1)}
            >
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`Move rule ${n} down`}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon variant="default" size="lg" aria-label={`Remove rule ${n}`} onClick={onRemove}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Name"
            aria-label={`${label}: name`}
            required
            maxLength={200}
            value={rule.name}
            onChange={(e) => {
              const name = e.currentTarget.value;
              onChange({ ...rule, name, id: rule.idTouched ? rule.id : idFrom(name, `rule-${n}`) });
            }}
          />
          <TextInput
            label="Id"
            aria-label={`${label}: id`}
            description="Lower-case letters, digits, dashes; alerts are grouped per rule id"
            maxLength={40}
            value={rule.id}
            onChange={(e) => onChange({ ...rule, id: e.currentTarget.value, idTouched: true })}
          />
        </SimpleGrid>
        <Fieldset legend="When an alert meets every condition" variant="filled">
          <Stack gap="xs">
            {rule.conditions.length === 0 && (
              <Text size="sm">No conditions: the rule takes every alert.</Text>
            )}
            {rule.conditions.map((c, i) => (
              <ConditionRow
                key={i}
                rule={label}
                n={i + 1}
                condition={c}
                onChange={(x) => setCondition(i, x)}
                onRemove={() =>
                  set(
                    'conditions',
                    rule.conditions.filter((_, j) => j !== i),
                  )
                }
              />
            ))}
            {problems.map((p) => (
              <Text key={p} size="sm" c="var(--mantine-color-error)">
                {p}
              </Text>
            ))}
            <Button
              variant="subtle"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => set('conditions', [...rule.conditions, emptyCondition()])}
              style={{ alignSelf: 'flex-start' }}
              aria-label={`Add a condition to rule ${n}`}
            >
              Add a condition
            </Button>
          </Stack>
        </Fieldset>
        <Fieldset legend="Then" variant="filled">
          <Stack gap="sm">
            <Radio.Group label="What it does" value={rule.action} onChange={(v) => set('action', v)}>
              <Group gap="md" mt={4}>
                <Radio value="open" label="Open incidents" />
                <Radio value="drop" label="Drop: keep the alerts, open nothing" />
              </Group>
            </Radio.Group>
            {rule.action === 'open' && (
              <>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <NativeSelect
                    label="Who is affected (scope)"
                    data={[
                      ...unset('classify later'),
                      ...scopes.map((v) => ({ value: v, label: labels.scope[v] })),
                    ]}
                    value={rule.scope}
                    onChange={(e) => set('scope', e.currentTarget.value)}
                  />
                  <NativeSelect
                    label="How bad it is (criticality)"
                    data={[
                      ...unset('classify later'),
                      ...criticalities.map((v) => ({ value: v, label: labels.criticality[v] })),
                    ]}
                    value={rule.criticality}
                    onChange={(e) => set('criticality', e.currentTarget.value)}
                  />
                  <NativeSelect
                    label="Where it is (area)"
                    data={[
                      ...unset('classify later'),
                      ...areas.map((v) => ({ value: v, label: labels.area[v] })),
                    ]}
                    value={rule.area}
                    onChange={(e) => set('area', e.currentTarget.value)}
                  />
                </SimpleGrid>
                <NativeSelect
                  label="Urgency"
                  aria-label={`${label}: urgency`}
                  data={urgencyOptions}
                  value={rule.urgency}
                  onChange={(e) => set('urgency', e.currentTarget.value)}
                />
                <Group gap="sm" align="flex-end" wrap="wrap">
                  <NumberInput
                    label="Open when at least"
                    description="alerts (a threshold)"
                    min={1}
                    max={100_000}
                    allowDecimal={false}
                    value={rule.count}
                    onChange={(v) => set('count', v)}
                    w={150}
                  />
                  <NumberInput
                    label="arrive within"
                    description="minutes"
                    min={1}
                    max={1440}
                    allowDecimal={false}
                    value={rule.windowMinutes}
                    onChange={(v) => set('windowMinutes', v)}
                    w={150}
                  />
                  <NumberInput
                    label="Page again at most every"
                    description="minutes, for new alerts"
                    min={1}
                    max={10_080}
                    allowDecimal={false}
                    value={rule.repeatIntervalMinutes}
                    onChange={(v) => set('repeatIntervalMinutes', v)}
                    w={200}
                  />
                </Group>
                <TagsInput
                  label="Group by labels"
                  description="Alerts with the same values of these labels share an incident; empty: the source’s own grouping. Press Enter after each."
                  value={rule.groupBy}
                  onChange={(v) => set('groupBy', v)}
                  maxTags={10}
                />
                <Switch
                  label="Resolve the incident when every alert has resolved at the source and nobody owns it"
                  checked={rule.autoResolve}
                  onChange={(e) => set('autoResolve', e.currentTarget.checked)}
                />
              </>
            )}
          </Stack>
        </Fieldset>
      </Stack>
    </Card>
  );
}

// An integration's routing rules: a card per rule (rule-form.tsx), added, removed and reordered,
// with "Advanced: JSON" showing the same list as JSON (edits in either view carry over; JSON that
// cannot be read keeps the JSON view and blocks saving, with the reason), a tester against a sample
// payload, and one Save. The API's objections name the rule and the field; nothing typed is lost.
import { Alert, Button, Group, JsonInput, Stack, Switch, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import type { Integration } from '../../api/types.ts';
import { notify } from '../../lib/notify.ts';
import { linesUnder, useUpdate } from './integration-data.ts';
import { RuleCard } from './rule-form.tsx';
import {
  conditionProblems,
  newRule,
  parseRulesJson,
  rulesJson,
  toForm,
  toRule,
  type FormRule,
} from './rule-model.ts';
import { RuleTest } from './rule-test.tsx';

/** The routing rules section of the integration page. */
export function RulesEditor({ integration }: { integration: Integration }) {
  const update = useUpdate(integration.id);
  const [rules, setRules] = useState<FormRule[]>(() => integration.rules.map((r, i) => toForm(r, i + 1)));
  const [json, setJson] = useState<string | null>(null);
  const [local, setLocal] = useState<string>();

  /** The rules as the API takes them, from whichever view is open. */
  const read = (): { rules: unknown[] } | { error: string } => {
    if (json === null) {
      const problem = rules.map((r, i) => [i, conditionProblems(r)[0]] as const).find(([, p]) => p);
      if (problem) return { error: `Rule ${problem[0] + 1}: ${problem[1]}` };
      return { rules: rules.map(toRule) };
    }
    if (!json.trim()) return { rules: [] };
    try {
      const value: unknown = JSON.parse(json);
      return Array.isArray(value) ? { rules: value } : { error: 'Write a list: [ { …rule… }, … ]' };
    } catch (err) {
      return { error: `This is not valid JSON: ${(err as Error).message}` };
    }
  };

  const showJson = (on: boolean) => {
    setLocal(undefined);
    if (on) return setJson(rulesJson(rules));
    const parsed = parseRulesJson(json ?? '');
    if ('error' in parsed) return setLocal(`${parsed.error}. Fix it to go back to the form.`);
    setRules(parsed.rules);
    setJson(null);
  };

  const save = () => {
    const r = read();
    if ('error' in r) return setLocal(r.error);
    setLocal(undefined);
    update.mutate(
      { rules: r.rules as Integration['rules'] },
      {
        onSuccess: (i) => {
          setRules(i.rules.map((x, n) => toForm(x, n + 1)));
          if (json !== null) setJson(rulesJson(i.rules.map((x, n) => toForm(x, n + 1))));
          notify('Routing rules saved.');
        },
      },
    );
  };

  const fromJson = json === null ? null : parseRulesJson(json);
  const names = (fromJson && 'rules' in fromJson ? fromJson.rules : rules).map((r) => r.name);
  const describe = (path: string[]) => {
    const [index, ...rest] = path;
    const n = Number(index);
    if (!Number.isInteger(n)) return path.join('.');
    const id = json === null ? rules[n]?.id : undefined;
    return `Rule ${n + 1}${id ? ` (${id})` : ''}${rest.length ? ` › ${rest.join('.')}` : ''}`;
  };
  const problems = linesUnder(update.error, 'body.rules', describe);
  const general = update.error && problems.length === 0 ? errorMessage(update.error) : undefined;
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setRules(next);
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="rules-title">
      <Group justify="space-between" gap="sm">
        <Title order={2} size="h4" id="rules-title">
          Routing rules
        </Title>
        <Switch
          label="Advanced: JSON"
          checked={json !== null}
          onChange={(e) => showJson(e.currentTarget.checked)}
        />
      </Group>
      <Text size="sm" c="dimmed">
        Which alerts open incidents, how they are grouped, and with which classification and urgency. Rules
        are tried in order and the first whose conditions all hold wins; alerts that match none follow the
        service’s rules, then the default (open one incident per group, urgency from the severity).
      </Text>
      {json === null ? (
        <Stack gap="sm">
          {rules.length === 0 && <Text size="sm">No rules of its own.</Text>}
          {rules.map((r, i) => (
            <RuleCard
              key={r.key}
              rule={r}
              index={i}
              count={rules.length}
              onChange={(x) => setRules(rules.map((y, j) => (j === i ? x : y)))}
              onMove={(by) => move(i, by)}
              onRemove={() => setRules(rules.filter((_, j) => j !== i))}
            />
          ))}
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setRules([...rules, newRule(rules.length + 1)])}
            style={{ alignSelf: 'flex-start' }}
          >
            Add a rule
          </Button>
        </Stack>
      ) : (
        <JsonInput
          label="Rules, tried in order (JSON)"
          value={json}
          onChange={(v) => {
            setJson(v);
            setLocal(undefined);
          }}
          autosize
          minRows={6}
          maxRows={30}
          placeholder="No rules of its own: [ ]"
          validationError="This is not valid JSON"
          error={problems.length > 0 || general ? 'Not saved: see below' : undefined}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      )}
      {local && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {local}
        </Text>
      )}
      {(problems.length > 0 || general) && (
        <Alert color="red" title="The routing rules were not saved" role="alert">
          {general && <Text size="sm">{general}</Text>}
          <Stack gap={2} component="ul" m={0} pl="md">
            {problems.map((p) => (
              <Text key={p} size="sm" component="li">
                {p}
              </Text>
            ))}
          </Stack>
          <Text size="sm" mt="xs">
            What you wrote is kept; fix it and save again.
          </Text>
        </Alert>
      )}
      <Group>
        <Button onClick={save} loading={update.isPending}>
          Save routing rules
        </Button>
      </Group>
      <RuleTest integrationId={integration.id} draft={{ names, read }} />
    </Stack>
  );
}

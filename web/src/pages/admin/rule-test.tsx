// "Test the rules against a sample payload": paste what the source sends and see, per signal, which
// rule takes it and what it would do (open or drop, urgency, classification, grouping, threshold).
// The rules tested are those being edited (all in order, or one alone), before saving; the
// service's rules follow them. Nothing is stored or paged.
import { Button, NativeSelect, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';

interface Previewed {
  title: string;
  rule: { id: string; name: string };
  action: 'open' | 'drop';
  urgency: string | null;
  classification: Record<string, string>;
  groupKey: string;
  threshold: { count: number; windowMinutes: number };
}

/** The rules being edited: their names, and the rules themselves or why they cannot be read. */
export interface DraftRules {
  names: string[];
  read: () => { rules: unknown[] } | { error: string };
}

/** The sample-payload tester for one integration's draft rules (all, or one alone). */
export function RuleTest({ integrationId, draft }: { integrationId: string; draft: DraftRules }) {
  const [sample, setSample] = useState('');
  const [which, setWhich] = useState('all');
  const [invalid, setInvalid] = useState<string>();
  const test = useMutation({
    mutationFn: (body: { payload: unknown; rules: unknown[] }) =>
      api<{ signals: Previewed[] }>(`/integrations/${integrationId}/rules/preview`, {
        method: 'POST',
        body,
      }),
  });
  const choices = [
    { value: 'all', label: 'All rules, in order' },
    ...draft.names.map((name, i) => ({
      value: String(i),
      label: `Rule ${i + 1}${name ? `: ${name}` : ''} alone`,
    })),
  ];
  const chosen = choices.some((c) => c.value === which) ? which : 'all';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let payload: unknown;
    try {
      payload = JSON.parse(sample);
    } catch {
      setInvalid('Paste the JSON body the source sends');
      return;
    }
    const read = draft.read();
    if ('error' in read) {
      setInvalid(`Fix the rules first: ${read.error}`);
      return;
    }
    setInvalid(undefined);
    test.mutate({ payload, rules: chosen === 'all' ? read.rules : [read.rules[Number(chosen)]] });
  };
  const server = fieldsOf(test.error);
  const field = Object.keys(server).find((f) => f.startsWith('body.payload'));
  const general = generalError(test.error, (f) => f.startsWith('body.payload'));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h5">
          Test against a sample payload
        </Title>
        <NativeSelect
          label="Rules to test"
          description="As edited here, saved or not; the service’s rules and the default follow."
          data={choices}
          value={chosen}
          onChange={(e) => setWhich(e.currentTarget.value)}
        />
        <Textarea
          label="Sample payload (JSON)"
          description="What the source sends. Nothing is stored and nobody is paged."
          autosize
          minRows={4}
          maxRows={16}
          value={sample}
          onChange={(e) => setSample(e.currentTarget.value)}
          error={invalid ?? (field ? `${field}: ${server[field]}` : general)}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <Button type="submit" variant="default" loading={test.isPending} style={{ alignSelf: 'flex-start' }}>
          Test
        </Button>
        {test.data && (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table aria-label="What the rules would do">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Signal</Table.Th>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>Does</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {test.data.signals.map((s, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{s.title}</Table.Td>
                    <Table.Td>{s.rule.name}</Table.Td>
                    <Table.Td>
                      {s.action === 'drop' ? (
                        <Text size="sm">Dropped: opens nothing</Text>
                      ) : (
                        <Text size="sm">
                          Opens {s.urgency ?? 'an urgency from the policy'}
                          {Object.values(s.classification).length
                            ? ` · ${Object.values(s.classification).join('-')}`
                            : ''}{' '}
                          after {s.threshold.count} in {s.threshold.windowMinutes} min · grouped by{' '}
                          {s.groupKey || '—'}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </form>
  );
}

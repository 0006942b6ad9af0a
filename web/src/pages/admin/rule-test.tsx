// "Test the rules against a sample payload": paste what the source sends and see, per signal, which
// rule takes it and what it would do (open or drop, urgency, classification, grouping, threshold).
// Nothing is stored or paged.
import { Button, Stack, Table, Text, Textarea, Title } from '@mantine/core';
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

/** The sample-payload tester for one integration's saved rules. */
export function RuleTest({ integrationId }: { integrationId: string }) {
  const [sample, setSample] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const test = useMutation({
    mutationFn: (payload: unknown) =>
      api<{ signals: Previewed[] }>(`/integrations/${integrationId}/rules/preview`, {
        method: 'POST',
        body: { payload },
      }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let payload: unknown;
    try {
      payload = JSON.parse(sample);
    } catch {
      setInvalid('Paste the JSON body the source sends');
      return;
    }
    setInvalid(undefined);
    test.mutate(payload);
  };
  const server = fieldsOf(test.error);
  const field = Object.keys(server).find((f) => f.startsWith('body.payload'));
  const general = generalError(test.error, (f) => f.startsWith('body.payload'));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Test the rules against a sample payload
        </Title>
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

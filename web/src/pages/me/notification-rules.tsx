// A person's notification rules: when paged, which method is tried how many minutes after the
// page, in order. Without rules, every verified method is tried in a fixed order two minutes apart.
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { ContactMethod, NotificationRule } from '../../api/types.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { move } from '../../lib/list.ts';
import { notify } from '../../lib/notify.ts';
import { contactKindLabel, defaultOrder } from '../../lib/paging-words.ts';
import { methodName, useContactMethods } from './contact-methods.tsx';

interface Step {
  key: string;
  contactMethodId: string;
  delayMinutes: number | string;
}

let seq = 0;
const step = (contactMethodId = '', delayMinutes: number | string = 0): Step => ({
  key: `step-${++seq}`,
  contactMethodId,
  delayMinutes,
});

function DefaultOrder({ verified }: { verified: ContactMethod[] }) {
  const order = defaultOrder.map((k) => contactKindLabel[k]).join(', then ');
  return (
    <Text size="sm">
      You have no rules, so when you are paged Expedite tries each verified method two minutes apart, in this
      order: {order}.{verified.length === 0 && ' You have no verified method yet.'}
    </Text>
  );
}

function RulesEditor({ initial, methods }: { initial: NotificationRule[]; methods: ContactMethod[] }) {
  const queryClient = useQueryClient();
  const verified = methods.filter((m) => m.verified);
  const [steps, setSteps] = useState<Step[]>(() =>
    initial.map((r) => step(r.contactMethodId, r.delayMinutes)),
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (rules: NotificationRule[]) =>
      api<{ rules: NotificationRule[] }>('/me/notification-rules', { method: 'PUT', body: { rules } }),
    onSuccess: (res) => {
      notify(res.rules.length ? 'Notification rules saved.' : 'Rules cleared: the default order applies.');
      queryClient.setQueryData(keys.notificationRules, res.rules);
    },
  });
  const server = fieldsOf(save.error);
  const err = (i: number, f: string) => problems[`${i}.${f}`] ?? server[`body.rules.${i}.${f}`];
  const change = (i: number, patch: Partial<Step>) =>
    setSteps((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const dirty =
    JSON.stringify(steps.map((s) => [s.contactMethodId, Number(s.delayMinutes)])) !==
    JSON.stringify(initial.map((r) => [r.contactMethodId, r.delayMinutes]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    steps.forEach((s, i) => {
      if (!s.contactMethodId) found[`${i}.contactMethodId`] = 'Choose a method';
      const d = Number(s.delayMinutes);
      if (s.delayMinutes === '' || !Number.isInteger(d) || d < 0 || d > 1440)
        found[`${i}.delayMinutes`] = 'Between 0 and 1440 minutes';
    });
    setProblems(found);
    if (Object.keys(found).length) return;
    save.mutate(
      steps.map((s) => ({ contactMethodId: s.contactMethodId, delayMinutes: Number(s.delayMinutes) })),
    );
  };
  const general = generalError(save.error, (f) =>
    /^body\.rules\.\d+\.(contactMethodId|delayMinutes)$/.test(f),
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="rules-title">
      <Stack gap="sm">
        {steps.length === 0 ? (
          <DefaultOrder verified={verified} />
        ) : (
          <Stack
            gap="xs"
            component="ol"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label="Notification steps"
          >
            {steps.map((s, i) => {
              const where = `step ${i + 1}`;
              const chosen = methods.find((m) => m.id === s.contactMethodId);
              return (
                <Paper key={s.key} withBorder p="sm" component="li" aria-label={`Step ${i + 1}`}>
                  <Group align="flex-start" gap="xs" wrap="wrap">
                    <Text fw={600} size="sm" pt={30} w={20}>
                      {i + 1}.
                    </Text>
                    <NativeSelect
                      label={`Method (${where})`}
                      value={s.contactMethodId}
                      onChange={(e) => change(i, { contactMethodId: e.currentTarget.value })}
                      data={[
                        { value: '', label: 'Choose a method' },
                        ...verified.map((m) => ({ value: m.id, label: `${methodName(m)} (${m.address})` })),
                        ...(chosen && !chosen.verified
                          ? [{ value: chosen.id, label: `${methodName(chosen)} (not verified)` }]
                          : []),
                      ]}
                      error={err(i, 'contactMethodId')}
                      style={{ flex: '1 1 200px', minWidth: 0 }}
                    />
                    <NumberInput
                      label={`Minutes after the page (${where})`}
                      min={0}
                      max={1440}
                      allowDecimal={false}
                      value={s.delayMinutes}
                      onChange={(v) => change(i, { delayMinutes: v })}
                      error={err(i, 'delayMinutes')}
                      style={{ flex: '0 1 180px' }}
                    />
                    <Group gap={4} wrap="nowrap" pt={{ base: 0, sm: 28 }}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="lg"
                        aria-label={`Move step ${i + 1} up`}
                        disabled={i === 0}
                        onClick={() => setSteps((x) => move(x, i, -1))}
                      >
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="lg"
                        aria-label={`Move step ${i + 1} down`}
                        disabled={i === steps.length - 1}
                        onClick={() => setSteps((x) => move(x, i, 1))}
                      >
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="lg"
                        aria-label={`Remove step ${i + 1}`}
                        onClick={() => setSteps((x) => x.filter((_, j) => j !== i))}
                      >
                        <IconX size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Group>
                </Paper>
              );
            })}
          </Stack>
        )}
        {general && (
          <Alert color="red" role="alert" title="Not saved">
            {general}
          </Alert>
        )}
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            disabled={verified.length === 0 || steps.length >= 20}
            onClick={() => {
              const last = steps.at(-1);
              const next = last ? Number(last.delayMinutes) + 2 : 0;
              setSteps((x) => [
                ...x,
                step(verified.length === 1 ? verified[0]!.id : '', Number.isFinite(next) ? next : 0),
              ]);
            }}
          >
            Add a step
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!dirty}>
            Save rules
          </Button>
        </Group>
        {verified.length === 0 && (
          <Text size="xs" c="dimmed">
            Verify a contact method first to add steps.
          </Text>
        )}
      </Stack>
    </form>
  );
}

/** The notification rules section. */
export function NotificationRules() {
  const methods = useContactMethods();
  const rules = useQuery({
    queryKey: keys.notificationRules,
    queryFn: async ({ signal }) =>
      (await api<{ rules: NotificationRule[] }>('/me/notification-rules', { signal })).rules,
  });
  return (
    <Stack gap="sm">
      <Title order={2} size="h3" id="rules-title">
        Notification rules
      </Title>
      <Text size="sm" c="dimmed">
        When you are paged, the steps run in order, each the given minutes after the page, until you
        acknowledge.
      </Text>
      {rules.isPending || methods.isPending ? (
        <LoadingState label="Loading your rules" />
      ) : rules.error || methods.error ? (
        <ErrorState
          error={rules.error ?? methods.error}
          onRetry={() => void Promise.all([rules.refetch(), methods.refetch()])}
        />
      ) : (
        <RulesEditor key={JSON.stringify(rules.data)} initial={rules.data} methods={methods.data} />
      )}
    </Stack>
  );
}

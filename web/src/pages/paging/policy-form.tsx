// Creating or changing an escalation policy, in a dialog: a name, ordered levels (each pages its
// targets and waits its timeout before the next level), how often to run them all again, whether
// P3/P4 incidents page outside business hours, and how the levels run per urgency.
import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { EscalationPolicy, EscalationPolicyBody, EscalationTarget } from '../../api/types.ts';
import { FormEnd } from '../../components/form-end.tsx';
import { fieldsOf, generalError } from '../../lib/form-errors.ts';
import { move } from '../../lib/list.ts';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { ReachWarning } from '../../components/reach-warning.tsx';
import { EditorModal } from './editor.tsx';
import { TargetPicker, useTargetWords } from './target-picker.tsx';
import { UrgencyRules, urgencyBody, urgencyDrafts, urgencyProblems } from './urgency-rules.tsx';

interface LevelDraft {
  key: string;
  timeoutMinutes: number | string;
  targets: EscalationTarget[];
}

let seq = 0;
const level = (timeoutMinutes: number | string = 15, targets: EscalationTarget[] = []): LevelDraft => ({
  key: `level-${++seq}`,
  timeoutMinutes,
  targets,
});

function PolicyFormBody({ policy, onDone }: { policy: EscalationPolicy | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const words = useTargetWords();
  const [name, setName] = useState(policy?.name ?? '');
  const [levels, setLevels] = useState<LevelDraft[]>(() =>
    policy ? policy.levels.map((l) => level(l.timeoutMinutes, l.targets)) : [level()],
  );
  const [repeat, setRepeat] = useState<number | string>(policy?.repeat ?? 0);
  const [anytime, setAnytime] = useState(policy?.lowUrgencyAnytime ?? false);
  const [byUrgency, setByUrgency] = useState(() => urgencyDrafts(policy));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: EscalationPolicyBody) =>
      api<EscalationPolicy>(policy ? `/escalation-policies/${policy.id}` : '/escalation-policies', {
        method: policy ? 'PUT' : 'POST',
        body,
      }),
    onSuccess: async (p) => {
      notify(`Escalation policy "${p.name}" saved.`);
      await queryClient.invalidateQueries({ queryKey: keys.escalationPolicies });
      onDone();
    },
  });
  const server = fieldsOf(save.error);
  const err = (field: string) => problems[field] ?? server[`body.${field}`];
  const change = (i: number, patch: Partial<LevelDraft>) =>
    setLevels((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Name the policy, e.g. "Checkout chain"';
    if (levels.length === 0) found.levels = 'Add at least one level';
    levels.forEach((l, i) => {
      const t = Number(l.timeoutMinutes);
      if (!Number.isInteger(t) || t < 1 || t > 1440)
        found[`levels.${i}.timeoutMinutes`] = 'Between 1 and 1440 minutes';
      if (l.targets.length === 0) found[`levels.${i}.targets`] = 'Add who this level pages';
    });
    const r = Number(repeat);
    if (!Number.isInteger(r) || r < 0 || r > 10) found.repeat = 'Between 0 and 10 times';
    Object.assign(found, urgencyProblems(byUrgency, levels.length));
    setProblems(found);
    if (Object.keys(found).length) return;
    save.mutate({
      name: name.trim(),
      repeat: r,
      lowUrgencyAnytime: anytime,
      levels: levels.map((l) => ({ timeoutMinutes: Number(l.timeoutMinutes), targets: l.targets })),
      urgency: urgencyBody(byUrgency, levels.length),
    });
  };
  const general = generalError(save.error, (f) =>
    /^body\.(name|repeat|levels|levels\.\d+\.(timeoutMinutes|targets)|urgency\.P\d\.(levels|timeoutPercent|levels\.\d+\.timeoutMinutes))$/.test(
      f,
    ),
  );

  return (
    <form onSubmit={submit} noValidate style={readableColors}>
      <Stack gap="md">
        <TextInput
          label="Policy name"
          withAsterisk
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={err('name')}
          data-autofocus
        />
        <div>
          <Title order={3} size="h5">
            Levels
          </Title>
          <Text size="xs" c="dimmed">
            Level 1 is paged first. When nobody acknowledges within its time, the next level is paged.
          </Text>
        </div>
        {err('levels') && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {err('levels')}
          </Text>
        )}
        {levels.map((l, i) => {
          const where = `level ${i + 1}`;
          const targetsError = err(`levels.${i}.targets`);
          return (
            <Card
              key={l.key}
              withBorder
              padding="sm"
              component="fieldset"
              m={0}
              aria-label={`Level ${i + 1}`}
            >
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>Level {i + 1}</Text>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move level ${i + 1} up`}
                      disabled={i === 0}
                      onClick={() => setLevels((ls) => move(ls, i, -1))}
                    >
                      <IconArrowUp size={16} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move level ${i + 1} down`}
                      disabled={i === levels.length - 1}
                      onClick={() => setLevels((ls) => move(ls, i, 1))}
                    >
                      <IconArrowDown size={16} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove level ${i + 1}`}
                      onClick={() => setLevels((ls) => ls.filter((_, j) => j !== i))}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                </Group>
                {l.targets.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    Nobody yet.
                  </Text>
                ) : (
                  <Stack
                    gap={4}
                    component="ul"
                    p={0}
                    m={0}
                    style={{ listStyle: 'none' }}
                    aria-label={`Who ${where} pages`}
                  >
                    {l.targets.map((t, k) => (
                      <Group key={k} component="li" gap="xs" wrap="nowrap" justify="space-between">
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {words(t)}
                        </Text>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${words(t)} from ${where}`}
                          onClick={() => change(i, { targets: l.targets.filter((_, m) => m !== k) })}
                        >
                          <IconX size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    ))}
                  </Stack>
                )}
                {targetsError && (
                  <Text size="xs" c="var(--mantine-color-error)" role="alert">
                    {targetsError}
                  </Text>
                )}
                <TargetPicker
                  where={where}
                  existing={l.targets}
                  onAdd={(t) => change(i, { targets: [...l.targets, t] })}
                />
                <NumberInput
                  label={`Minutes before the next level (level ${i + 1})`}
                  min={1}
                  max={1440}
                  allowDecimal={false}
                  value={l.timeoutMinutes}
                  onChange={(v) => change(i, { timeoutMinutes: v })}
                  error={err(`levels.${i}.timeoutMinutes`)}
                  maw={260}
                />
              </Stack>
            </Card>
          );
        })}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setLevels((ls) => [...ls, level()])}
            disabled={levels.length >= 10}
          >
            Add level
          </Button>
        </Group>
        <NumberInput
          label="Run all levels again"
          description="How many more rounds when nobody acknowledged after the last level (0–10)"
          min={0}
          max={10}
          allowDecimal={false}
          value={repeat}
          onChange={setRepeat}
          error={err('repeat')}
          suffix=" times"
          maw={260}
        />
        <Switch
          label="Page P3/P4 at any hour"
          description="Off: low-urgency incidents wait for business hours. P1/P2 page at once. Each urgency can say otherwise below."
          checked={anytime}
          onChange={(e) => setAnytime(e.currentTarget.checked)}
        />
        <UrgencyRules
          drafts={byUrgency}
          levels={levels}
          onChange={(u, d) => setByUrgency((all) => ({ ...all, [u]: d }))}
          err={err}
        />
        <ReachWarning targets={levels.flatMap((l) => l.targets)} what="this policy" />
        <FormEnd
          error={general}
          onCancel={onDone}
          pending={save.isPending}
          submitLabel={policy ? 'Save policy' : 'Create policy'}
        />
      </Stack>
    </form>
  );
}

/** The policy dialog: `policy` null creates one. */
export function PolicyForm({
  opened,
  policy,
  onClose,
}: {
  opened: boolean;
  policy: EscalationPolicy | null;
  onClose: () => void;
}) {
  return (
    <EditorModal
      opened={opened}
      onClose={onClose}
      title={policy ? `Edit ${policy.name}` : 'New escalation policy'}
      size="xl"
    >
      <PolicyFormBody key={policy?.id ?? 'new'} policy={policy} onDone={onClose} />
    </EditorModal>
  );
}

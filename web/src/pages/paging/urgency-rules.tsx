// The per-urgency part of the escalation policy editor: for each of P1–P4, which levels apply and
// their timeouts, whether a person's verified methods are all tried at once or in their rules'
// order, and whether to wait for business hours. Left alone, each urgency keeps its default.
import { Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { EscalationPolicy, EscalationPolicyBody } from '../../api/types.ts';
import { minutesText } from '../../lib/paging-words.ts';

export const urgencyCodes = ['P1', 'P2', 'P3', 'P4'] as const;
type Code = (typeof urgencyCodes)[number];
type Rule = NonNullable<NonNullable<EscalationPolicyBody['urgency']>[Code]>;

/** One urgency's rule as edited: blanks and "default" leave the default in force. */
export interface UrgencyDraft {
  /** null: every level; else the chosen levels (from 1) with their own timeout or blank. */
  levels: { level: number; timeoutMinutes: number | string }[] | null;
  timeoutPercent: number | string;
  methods: 'default' | 'at-once' | 'in-order';
  hours: 'default' | 'business' | 'any';
}
export type UrgencyDrafts = Record<Code, UrgencyDraft>;

/** What each urgency does when the policy says nothing (kept in step with src/escalation/urgency.ts). */
export const urgencyDefaults: Record<Code, string> = {
  P1: 'all levels, every timeout halved, all methods at once, any hour',
  P2: 'the policy as written, methods in their rules’ order, any hour',
  P3: 'the policy as written, waits for business hours',
  P4: 'the policy as written, waits for business hours',
};

/** The drafts of a stored policy (or of a new one). */
export function urgencyDrafts(policy: EscalationPolicy | null): UrgencyDrafts {
  const draft = (r: Rule | undefined): UrgencyDraft => ({
    levels: r?.levels?.map((l) => ({ level: l.level, timeoutMinutes: l.timeoutMinutes ?? '' })) ?? null,
    timeoutPercent: r?.timeoutPercent ?? '',
    methods: r?.allMethodsAtOnce === undefined ? 'default' : r.allMethodsAtOnce ? 'at-once' : 'in-order',
    hours: r?.businessHoursOnly === undefined ? 'default' : r.businessHoursOnly ? 'business' : 'any',
  });
  return Object.fromEntries(urgencyCodes.map((u) => [u, draft(policy?.urgency?.[u])])) as UrgencyDrafts;
}

/** Problems of the drafts by field (`urgency.P1.timeoutPercent`…), for a policy of `levelCount` levels. */
export function urgencyProblems(drafts: UrgencyDrafts, levelCount: number): Record<string, string> {
  const found: Record<string, string> = {};
  for (const u of urgencyCodes) {
    const d = drafts[u];
    const pct = d.timeoutPercent === '' ? null : Number(d.timeoutPercent);
    if (pct !== null && (!Number.isInteger(pct) || pct < 10 || pct > 1000))
      found[`urgency.${u}.timeoutPercent`] = 'Between 10 and 1000 %';
    const levels = (d.levels ?? []).filter((l) => l.level <= levelCount);
    if (d.levels && levels.length === 0) found[`urgency.${u}.levels`] = 'Choose at least one level';
    levels.forEach((l, i) => {
      const t = l.timeoutMinutes === '' ? null : Number(l.timeoutMinutes);
      if (t !== null && (!Number.isInteger(t) || t < 1 || t > 1440))
        found[`urgency.${u}.levels.${i}.timeoutMinutes`] = 'Between 1 and 1440 minutes';
    });
  }
  return found;
}

/** The API form of the drafts: only what differs from the defaults; levels the policy lost are dropped. */
export function urgencyBody(
  drafts: UrgencyDrafts,
  levelCount: number,
): NonNullable<EscalationPolicyBody['urgency']> {
  const out: NonNullable<EscalationPolicyBody['urgency']> = {};
  for (const u of urgencyCodes) {
    const d = drafts[u];
    const rule: Rule = {};
    if (d.levels)
      rule.levels = d.levels
        .filter((l) => l.level <= levelCount)
        .map((l) =>
          l.timeoutMinutes === ''
            ? { level: l.level }
            : { level: l.level, timeoutMinutes: Number(l.timeoutMinutes) },
        );
    if (d.timeoutPercent !== '') rule.timeoutPercent = Number(d.timeoutPercent);
    if (d.methods !== 'default') rule.allMethodsAtOnce = d.methods === 'at-once';
    if (d.hours !== 'default') rule.businessHoursOnly = d.hours === 'business';
    if (Object.keys(rule).length) out[u] = rule;
  }
  return out;
}

/** The per-urgency section of the policy form. */
export function UrgencyRules({
  drafts,
  levels,
  onChange,
  err,
}: {
  drafts: UrgencyDrafts;
  levels: { timeoutMinutes: number | string }[];
  onChange: (u: Code, d: UrgencyDraft) => void;
  err: (field: string) => string | undefined;
}) {
  return (
    <Stack gap="sm">
      <div>
        <Title order={3} size="h5">
          By urgency
        </Title>
        <Text size="xs" c="dimmed">
          How the levels above run for each urgency. Left on “default”, each keeps its default.
        </Text>
      </div>
      {urgencyCodes.map((u) => {
        const d = drafts[u];
        const set = (patch: Partial<UrgencyDraft>) => onChange(u, { ...d, ...patch });
        const chosen = (n: number) => d.levels?.find((l) => l.level === n);
        const toggle = (n: number, on: boolean) => {
          const rest = (d.levels ?? []).filter((l) => l.level !== n);
          set({
            levels: (on ? [...rest, { level: n, timeoutMinutes: '' }] : rest).sort(
              (a, b) => a.level - b.level,
            ),
          });
        };
        return (
          <Stack
            key={u}
            gap="xs"
            component="fieldset"
            m={0}
            p="sm"
            aria-label={`${u} incidents`}
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
          >
            <Text fw={600}>{u}</Text>
            <Text size="xs" c="dimmed">
              Default: {urgencyDefaults[u]}.
            </Text>
            <Checkbox
              label={`${u}: every level`}
              checked={d.levels === null}
              onChange={(e) =>
                set({
                  levels: e.currentTarget.checked
                    ? null
                    : levels.map((_, i) => ({ level: i + 1, timeoutMinutes: '' })),
                })
              }
            />
            {d.levels !== null && (
              <Stack gap={4}>
                {err(`urgency.${u}.levels`) && (
                  <Text size="xs" c="var(--mantine-color-error)" role="alert">
                    {err(`urgency.${u}.levels`)}
                  </Text>
                )}
                {levels.map((l, i) => {
                  const n = i + 1;
                  const c = chosen(n);
                  const at = (d.levels ?? []).findIndex((x) => x.level === n);
                  return (
                    <Group key={n} gap="sm" align="flex-end" wrap="wrap">
                      <Checkbox
                        label={`${u}: level ${n}`}
                        checked={Boolean(c)}
                        onChange={(e) => toggle(n, e.currentTarget.checked)}
                        mb={8}
                      />
                      {c && (
                        <NumberInput
                          label={`${u}: level ${n} timeout in minutes`}
                          placeholder={`scaled from ${minutesText(Number(l.timeoutMinutes) || 0)}`}
                          min={1}
                          max={1440}
                          allowDecimal={false}
                          value={c.timeoutMinutes}
                          onChange={(v) =>
                            set({
                              levels: (d.levels ?? []).map((x) =>
                                x.level === n ? { ...x, timeoutMinutes: v } : x,
                              ),
                            })
                          }
                          error={err(`urgency.${u}.levels.${at}.timeoutMinutes`)}
                          maw={300}
                        />
                      )}
                    </Group>
                  );
                })}
              </Stack>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <NumberInput
                label={`${u}: timeouts, % of the policy's`}
                placeholder={u === 'P1' ? '50 (default)' : '100 (default)'}
                min={10}
                max={1000}
                allowDecimal={false}
                value={d.timeoutPercent}
                onChange={(v) => set({ timeoutPercent: v })}
                error={err(`urgency.${u}.timeoutPercent`)}
                suffix=" %"
              />
              <NativeSelect
                label={`${u}: contact methods`}
                value={d.methods}
                onChange={(e) => set({ methods: e.currentTarget.value as UrgencyDraft['methods'] })}
                data={[
                  {
                    value: 'default',
                    label: u === 'P1' ? 'Default (all at once)' : 'Default (their rules in order)',
                  },
                  { value: 'at-once', label: 'All verified methods at once' },
                  { value: 'in-order', label: 'Their rules, in order' },
                ]}
              />
              <NativeSelect
                label={`${u}: when`}
                value={d.hours}
                onChange={(e) => set({ hours: e.currentTarget.value as UrgencyDraft['hours'] })}
                data={[
                  {
                    value: 'default',
                    label:
                      u === 'P3' || u === 'P4' ? 'Default (the P3/P4 switch above)' : 'Default (any hour)',
                  },
                  { value: 'any', label: 'Any hour' },
                  { value: 'business', label: 'Business hours only' },
                ]}
              />
            </SimpleGrid>
          </Stack>
        );
      })}
    </Stack>
  );
}

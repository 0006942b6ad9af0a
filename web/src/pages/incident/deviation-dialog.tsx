// "We are breaking process": why (one or more of the seed's reasons), what is skipped, the
// justification, and usually the tech-debt item that brings the temporary fix to standard, in one
// step. The item can also be added later, for a deviation recorded without one. A change of the
// incident refreshes its queries, the deviations among them.
import { Checkbox, NumberInput, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { DebtBody, DebtItem, Deviation, DeviationBody } from '../../api/types.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { allows } from '../../lib/permissions.ts';
import { reasonLabels, skipLabels } from '../../lib/tech-debt.ts';
import { DialogBody, DialogForm, type DialogProps } from './dialog-form.tsx';
import { PersonSelect } from './person-select.tsx';
import { incidentPath, useIncidentMutation } from './use-incident.ts';

interface ItemDraft {
  title: string;
  details: string;
  budget: number | string;
  owner: string;
  due: string;
}

const emptyItem: ItemDraft = { title: '', details: '', budget: '', owner: '', due: '' };

/** What is missing from an item draft, by field. */
function itemMissing(d: ItemDraft): Partial<Record<keyof ItemDraft, string>> {
  return {
    title: d.title.trim() ? undefined : 'Say what must be brought to standard',
    budget: typeof d.budget === 'number' && d.budget > 0 ? undefined : 'Budget the hours, e.g. 6',
    owner: d.owner ? undefined : 'Choose who owns it',
    due: /^\d{4}-\d{2}-\d{2}$/.test(d.due) ? undefined : 'Choose the day it is due',
  };
}

function itemBody(d: ItemDraft) {
  return {
    title: d.title.trim(),
    details: d.details.trim(),
    budgetHours: Math.round(Number(d.budget) * 100) / 100,
    owner: d.owner,
    dueOn: d.due,
  };
}

/** The fields of a tech-debt item; `prefix` is where the API names their errors. */
function ItemFields({
  draft,
  onChange,
  missing,
  error,
  prefix,
}: {
  draft: ItemDraft;
  onChange: (d: ItemDraft) => void;
  missing: Partial<Record<keyof ItemDraft, string>>;
  error: unknown;
  prefix: string;
}) {
  const set = (patch: Partial<ItemDraft>) => onChange({ ...draft, ...patch });
  return (
    <Stack gap="sm">
      <TextInput
        label="What must be brought to standard"
        withAsterisk
        value={draft.title}
        onChange={(e) => set({ title: e.currentTarget.value })}
        error={missing.title ?? fieldError(error, `${prefix}.title`)}
      />
      <Textarea
        label="Details"
        description="What is left to do, and how"
        autosize
        minRows={2}
        value={draft.details}
        onChange={(e) => set({ details: e.currentTarget.value })}
        error={fieldError(error, `${prefix}.details`)}
      />
      <NumberInput
        label="Budget (hours)"
        withAsterisk
        min={0.25}
        max={10000}
        step={1}
        decimalScale={2}
        value={draft.budget}
        onChange={(v) => set({ budget: v })}
        error={missing.budget ?? fieldError(error, `${prefix}.budgetHours`)}
      />
      <PersonSelect
        label="Owner"
        required
        value={draft.owner}
        onChange={(owner) => set({ owner })}
        filter={(u) => allows(u.role, 'incidents:work')}
        error={missing.owner ?? fieldError(error, `${prefix}.owner`)}
      />
      <TextInput
        type="date"
        label="Due on"
        withAsterisk
        value={draft.due}
        onChange={(e) => set({ due: e.currentTarget.value })}
        error={missing.due ?? fieldError(error, `${prefix}.dueOn`)}
      />
    </Stack>
  );
}

const itemFields = (prefix: string) =>
  ['title', 'details', 'budgetHours', 'owner', 'dueOn'].map((f) => `${prefix}.${f}`);

function DeviationForm({ incidentRef: ref, onClose }: DialogProps) {
  const [reasons, setReasons] = useState<string[]>([]);
  const [skipped, setSkipped] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [justification, setJustification] = useState('');
  const [withItem, setWithItem] = useState(true);
  const [item, setItem] = useState<ItemDraft>(emptyItem);
  const [missing, setMissing] = useState<Record<string, string | undefined>>({});
  const record = useIncidentMutation(
    ref,
    (body: DeviationBody) => api<Deviation>(incidentPath(ref, '/deviations'), { method: 'POST', body }),
    {
      success: (d) =>
        d.techDebtId
          ? 'Deviation recorded with its tech-debt item'
          : 'Deviation recorded: closing waits for its item',
    },
  );
  const submit = () => {
    const skips = [...skipped, ...(other.trim() ? [other.trim()] : [])];
    const m: Record<string, string | undefined> = {
      reasons: reasons.length ? undefined : 'Choose at least one reason',
      skipped: skips.length ? undefined : 'Say what is skipped',
      justification: justification.trim() ? undefined : 'Justify it: why is it worth it?',
      ...(withItem ? itemMissing(item) : {}),
    };
    setMissing(m);
    if (Object.values(m).some(Boolean)) return;
    const body: DeviationBody = {
      reasons: reasons as DeviationBody['reasons'],
      skipped: skips,
      justification: justification.trim(),
      ...(withItem ? { debt: itemBody(item) } : {}),
    };
    record.mutate(body, {
      onSuccess: onClose,
    });
  };
  const shown = ['body.reasons', 'body.skipped', 'body.justification', ...itemFields('body.debt')];
  return (
    <DialogBody
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Record the deviation"
      pending={record.isPending}
      error={formError(record.error, shown)}
    >
      <Checkbox.Group
        label="Why"
        withAsterisk
        value={reasons}
        onChange={setReasons}
        error={missing.reasons ?? fieldError(record.error, 'body.reasons')}
      >
        <Stack gap="xs" mt="xs">
          {Object.entries(reasonLabels).map(([value, label]) => (
            <Checkbox key={value} value={value} label={label} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Checkbox.Group
        label="What is skipped"
        withAsterisk
        value={skipped}
        onChange={setSkipped}
        error={missing.skipped ?? fieldError(record.error, 'body.skipped')}
      >
        <Stack gap="xs" mt="xs">
          {Object.entries(skipLabels).map(([value, label]) => (
            <Checkbox key={value} value={value} label={label} />
          ))}
        </Stack>
      </Checkbox.Group>
      <TextInput
        label="Something else skipped"
        description="In your own words (optional)"
        value={other}
        onChange={(e) => setOther(e.currentTarget.value)}
      />
      <Textarea
        label="Justification"
        description="Discussed at the time; the post-mortem comes back to it"
        withAsterisk
        autosize
        minRows={3}
        value={justification}
        onChange={(e) => setJustification(e.currentTarget.value)}
        error={missing.justification ?? fieldError(record.error, 'body.justification')}
      />
      <Switch
        label="Create its tech-debt item now"
        description="Without it, the incident cannot be closed until the item is added"
        checked={withItem}
        onChange={(e) => setWithItem(e.currentTarget.checked)}
      />
      {withItem && (
        <ItemFields
          draft={item}
          onChange={setItem}
          missing={missing}
          error={record.error}
          prefix="body.debt"
        />
      )}
    </DialogBody>
  );
}

/** The "We are breaking process" dialog. */
export function DeviationDialog(props: DialogProps & { opened: boolean }) {
  return (
    <DialogForm title="We are breaking process" opened={props.opened} onClose={props.onClose}>
      <DeviationForm {...props} />
    </DialogForm>
  );
}

function DebtForm({ incidentRef: ref, onClose, deviationId }: DialogProps & { deviationId?: string }) {
  const [item, setItem] = useState<ItemDraft>(emptyItem);
  const [missing, setMissing] = useState<Partial<Record<keyof ItemDraft, string>>>({});
  const add = useIncidentMutation(
    ref,
    (body: DebtBody) => api<DebtItem>(incidentPath(ref, '/tech-debt'), { method: 'POST', body }),
    { success: (i) => `Tech-debt item added: ${i.title}` },
  );
  const submit = () => {
    const m = itemMissing(item);
    setMissing(m);
    if (Object.values(m).some(Boolean)) return;
    add.mutate(
      { ...itemBody(item), ...(deviationId ? { deviationId } : {}) },
      {
        onSuccess: onClose,
      },
    );
  };
  return (
    <DialogBody
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Add the item"
      pending={add.isPending}
      error={formError(add.error, itemFields('body'))}
    >
      <ItemFields draft={item} onChange={setItem} missing={missing} error={add.error} prefix="body" />
    </DialogBody>
  );
}

/** Adding a tech-debt item, for a deviation (releasing its hold on closing) or on its own. */
export function DebtDialog(props: DialogProps & { opened: boolean; deviationId?: string }) {
  return (
    <DialogForm title="Add a tech-debt item" opened={props.opened} onClose={props.onClose}>
      <DebtForm {...props} />
    </DialogForm>
  );
}

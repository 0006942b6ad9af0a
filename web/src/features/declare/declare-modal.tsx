// The declare form in a modal: a title is enough (type it, press Enter), everything else is
// optional and previewed live with the urgency policy. On success it opens the new incident; on
// any error it keeps what was typed and says what to fix next to the field.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { DeclareBody, Incident } from '../../api/types.ts';
import { incidentPath, mutedColor } from '../../components/incident-row.tsx';
import { useCurrentUser } from '../../app/session.tsx';
import { assess } from '../../../../src/classification/policy.ts';
import { SeenBefore, useSeenBefore } from '../../components/past-incidents.tsx';
import { AssessmentPreview, usePolicy } from './assessment-preview.tsx';
import { RoutePreview, ServicePicker } from './route-preview.tsx';
import { ClassificationFields } from './classification-fields.tsx';
import {
  emptyDraft,
  keepDraft,
  keptDraft,
  placeErrors,
  toClassification,
  toDeclareBody,
  type Draft,
  type DraftField,
} from './declare-draft.ts';

type FieldErrors = Partial<Record<DraftField, string>>;

/** The declare form in a modal (full screen on phones). */
export function DeclareModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const titleRef = useRef<HTMLInputElement>(null);
  const [restored] = useState(() => keptDraft() !== undefined);
  const [draft, setDraft] = useState<Draft>(() => keptDraft() ?? emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string[] | null>(null);
  const me = useCurrentUser();
  // "I'm on it" is on by default for people who respond.
  const [mine, setMine] = useState(me.role === 'responder' || me.role === 'admin');
  const [skipPage, setSkipPage] = useState(false);
  const policy = usePolicy();
  const expedite =
    policy.data !== undefined &&
    assess(policy.data.policy, toClassification(draft), draft.title).decision === 'expedite';

  const declare = useMutation({
    mutationFn: (body: DeclareBody) => api<Incident>('/incidents', { method: 'POST', body }),
    onSuccess: async (incident) => {
      keepDraft(undefined);
      queryClient.setQueryData(keys.incident(String(incident.number)), incident);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
      notifications.show({
        color: 'green.9',
        title: `Incident #${incident.number} declared`,
        message: incident.tagline,
      });
      onClose();
      // The room puts focus on the incident's main action.
      await navigate(incidentPath(incident), { state: { focusMainAction: true } });
    },
    onError: (err) => {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        const placed = placeErrors(err);
        setErrors(placed.fields);
        setFailure(placed.other.length ? placed.other : ['Check the fields marked below.']);
      } else {
        setFailure([errorMessage(err)]);
      }
    },
  });

  const change = (field: DraftField, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    keepDraft(next);
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (declare.isPending) return;
    if (!draft.title.trim()) {
      setErrors({ ...errors, title: 'Say in a line what is wrong' });
      titleRef.current?.focus();
      return;
    }
    if (expedite && skipPage && !draft.noPageReason.trim()) {
      setErrors({ ...errors, noPageReason: 'Say why nobody is paged' });
      return;
    }
    setFailure(null);
    declare.mutate(toDeclareBody(draft, { skipPage: expedite && skipPage, mine }));
  };

  const startOver = () => {
    keepDraft(undefined);
    setDraft(emptyDraft);
    setErrors({});
    setFailure(null);
    titleRef.current?.focus();
  };

  const cancel = () => {
    keepDraft(undefined);
    onClose();
  };

  // The layout opens this form on "d"; typing a "d" on a button in here must not reopen it. Enter
  // declares from any field (Ctrl+Enter too, and from the description), except while a list of
  // choices is open (Enter picks the choice) or on a button or checkbox (Enter presses it).
  const keepKeysInside = (e: KeyboardEvent) => {
    if (e.key.toLowerCase() === 'd') e.stopPropagation();
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    const el = e.target as HTMLElement;
    const ctrl = e.ctrlKey || e.metaKey;
    if (!ctrl && el.getAttribute('aria-expanded') === 'true') return;
    if (!ctrl && (el.tagName === 'TEXTAREA' || el.tagName === 'BUTTON')) return;
    if (!ctrl && el instanceof HTMLInputElement && el.type === 'checkbox') return;
    e.preventDefault();
    submit(e);
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Declare incident"
      size="xl"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': 'Close without declaring' }}
    >
      <form onSubmit={submit} onKeyDown={keepKeysInside} noValidate aria-label="Declare incident">
        <Stack gap="md">
          {restored && draft !== emptyDraft && (
            <Group gap="xs" justify="space-between">
              <Text size="sm" c={mutedColor}>
                Your unsent draft is back.
              </Text>
              <Button variant="subtle" size="compact-sm" onClick={startOver}>
                Start over
              </Button>
            </Group>
          )}
          <TextInput
            ref={titleRef}
            data-autofocus
            label="What is wrong?"
            description="A line is enough: press Enter to declare now and classify later."
            styles={{ description: { color: mutedColor } }}
            placeholder="Clicking on user details gives an error"
            name="title"
            autoComplete="off"
            maxLength={300}
            required
            value={draft.title}
            error={errors.title}
            onChange={(e) => change('title', e.currentTarget.value)}
          />
          <ServicePicker
            value={draft.service}
            error={errors.service}
            onChange={(v) => change('service', v)}
          />
          <ClassificationFields draft={draft} errors={errors} onChange={change} />
          <Textarea
            label="Description (optional)"
            name="description"
            autosize
            minRows={2}
            maxRows={8}
            maxLength={20_000}
            value={draft.description}
            error={errors.description}
            onChange={(e) => change('description', e.currentTarget.value)}
          />
          <Textarea
            label="Steps to reproduce (optional)"
            description="How to make it happen again; they go with the ticket if it is handed to the tracker."
            styles={{ description: { color: mutedColor } }}
            placeholder={'1. Sign in as an admin\n2. Open Users\n3. Click any user'}
            name="steps"
            autosize
            minRows={2}
            maxRows={8}
            maxLength={10_000}
            value={draft.steps}
            error={errors.steps}
            onChange={(e) => change('steps', e.currentTarget.value)}
          />
          <PastLikeThis text={`${draft.title}\n${draft.description}`} service={draft.service} />
          {failure && (
            <Alert
              color="red"
              icon={<IconAlertTriangle aria-hidden />}
              title="The incident was not declared"
              role="alert"
            >
              {failure.map((line) => (
                <Text key={line} size="sm">
                  {line}
                </Text>
              ))}
              <Text size="sm">What you typed is kept; fix it and declare again.</Text>
            </Alert>
          )}
          <Paper
            withBorder
            p="sm"
            pos="sticky"
            bottom={0}
            bg="var(--mantine-color-body)"
            style={{ zIndex: 1 }}
          >
            <Stack gap="sm">
              <AssessmentPreview draft={draft} />
              {expedite && (
                <RoutePreview
                  service={draft.service}
                  area={draft.area}
                  skip={skipPage}
                  reason={draft.noPageReason}
                  reasonError={errors.noPageReason}
                  onSkip={setSkipPage}
                  onReason={(v) => change('noPageReason', v)}
                />
              )}
              <Group justify="flex-end" gap="sm">
                {(me.role === 'responder' || me.role === 'admin') && (
                  <Checkbox
                    label="I'm on it (take ownership)"
                    checked={mine}
                    onChange={(e) => setMine(e.currentTarget.checked)}
                    mr="auto"
                  />
                )}
                <Button variant="default" onClick={cancel}>
                  Cancel
                </Button>
                <Button type="submit" color="red.9" loading={declare.isPending}>
                  Declare incident
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stack>
      </form>
    </Modal>
  );
}

/** Resolved incidents like the one being declared, with what fixed them. */
function PastLikeThis({ text, service }: { text: string; service: string }) {
  const past = useSeenBefore(text, service);
  return <SeenBefore items={past.data ?? []} />;
}

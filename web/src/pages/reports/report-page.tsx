// The support report form (/reports/new): what the customer sees, how to reproduce it, who is
// affected, what was tried, a session-recording link and evidence files (uploaded at once, HAR
// files summarised right away). It suggests similar open incidents to attach the report to, or
// opens a new one. The draft survives reloads and errors; sending it opens the incident room.
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Paper,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { CreateReportBody, ReportFiled, Upload } from '../../api/types.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { mutedColor } from '../../components/incident-row.tsx';
import { checklistItems } from '../../lib/report-words.ts';
import { EvidenceUploads } from './evidence-uploads.tsx';
import { IncidentChoice, PastLikeThis } from './incident-choice.tsx';
import { NewIncidentFields } from './new-incident-fields.tsx';
import {
  emptyReport,
  isWebAddress,
  loadDraft,
  placeReportErrors,
  saveDraft,
  toReportBody,
  type ReportDraft,
  type ReportField,
  type Target,
} from './report-draft.ts';

type FieldErrors = Partial<Record<ReportField, string>>;

/** The report form page. */
export function ReportPage() {
  useDocumentTitle('Report a problem · Expedite');
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const whatRef = useRef<HTMLTextAreaElement>(null);
  const [restored] = useState(() => loadDraft() !== undefined);
  const [draft, setDraft] = useState<ReportDraft>(() => loadDraft() ?? emptyReport);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string[] | null>(null);
  const [uploading, setUploading] = useState(false);
  const [startedOver, setStartedOver] = useState(false);

  useEffect(() => saveDraft(draft), [draft]);

  const file = useMutation({
    mutationFn: (body: CreateReportBody) => api<ReportFiled>('/reports', { method: 'POST', body }),
    onSuccess: async ({ incident, opened }) => {
      saveDraft(undefined);
      queryClient.setQueryData(keys.incident(String(incident.number)), incident);
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
      notifications.show({
        color: 'green.9',
        title: opened ? `Incident #${incident.number} opened` : `Report added to #${incident.number}`,
        message: incident.tagline,
        closeButtonProps: { 'aria-label': 'Dismiss' },
        // Mantine's grey under a title is below 4.5:1.
        styles: { description: { color: 'var(--mantine-color-text)' } },
      });
      await navigate(`/incidents/${incident.number}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        const placed = placeReportErrors(err);
        setErrors(placed.fields);
        setFailure(placed.other.length ? placed.other : ['Check the fields marked below.']);
      } else {
        setFailure([errorMessage(err)]);
      }
    },
  });

  const change = <K extends keyof ReportDraft>(
    field: K,
    value: ReportDraft[K],
    errorField: ReportField = field,
  ) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (errors[errorField]) setErrors((e) => ({ ...e, [errorField]: undefined }));
  };
  const changeAttachments = useCallback((next: (current: Upload[]) => Upload[]) => {
    setDraft((d) => ({ ...d, attachments: next(d.attachments) }));
    setErrors((e) => (e.attachments ? { ...e, attachments: undefined } : e));
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file.isPending) return;
    const problems: FieldErrors = {};
    if (!draft.whatHappens.trim()) problems.whatHappens = 'Say what the customer sees';
    if (draft.recordingUrl.trim() && !isWebAddress(draft.recordingUrl.trim()))
      problems.recordingUrl = 'Paste the full link, starting with https://';
    if (uploading) problems.attachments = 'Wait for the files to finish uploading, or remove them';
    if (Object.keys(problems).length) {
      setErrors(problems);
      setFailure(null);
      if (problems.whatHappens) whatRef.current?.focus();
      return;
    }
    setFailure(null);
    file.mutate(toReportBody(draft));
  };

  const startOver = () => {
    saveDraft(undefined);
    setDraft(emptyReport);
    setErrors({});
    setFailure(null);
    setStartedOver(true);
    whatRef.current?.focus();
  };

  const target: Target | null = draft.target;

  return (
    <Stack gap="md" maw={860}>
      <div>
        <Title order={1}>Report a problem</Title>
        <Text size="sm" c={mutedColor}>
          Describe what a customer runs into. Responders see it in the incident with your evidence; you are
          named as the reporter ({me.name}).
        </Text>
      </div>
      <form onSubmit={submit} noValidate aria-label="Report a problem">
        <Stack gap="lg">
          {restored && !startedOver && draft !== emptyReport && (
            <Group gap="xs" justify="space-between">
              <Text size="sm" c={mutedColor}>
                Your unsent report is back.
              </Text>
              <Button variant="default" size="compact-sm" onClick={startOver}>
                Start over
              </Button>
            </Group>
          )}
          <Textarea
            ref={whatRef}
            label="What happens?"
            description="What the customer does and what they see, in their words if you have them."
            placeholder="Clicking on a user in the admin list shows an error page"
            required
            autosize
            minRows={3}
            maxRows={12}
            maxLength={10_000}
            value={draft.whatHappens}
            onChange={(e) => change('whatHappens', e.currentTarget.value)}
            error={errors.whatHappens}
          />
          <Textarea
            label="Steps to reproduce (optional)"
            placeholder={'1. Sign in as an admin\n2. Open Users\n3. Click any user'}
            autosize
            minRows={3}
            maxRows={12}
            maxLength={10_000}
            value={draft.steps}
            onChange={(e) => change('steps', e.currentTarget.value)}
            error={errors.steps}
          />
          <TagsInput
            label="Affected user ids (optional)"
            description="Press Enter or comma after each; paste a list to add many."
            splitChars={[',', ' ', '\n']}
            clearable
            acceptValueOnBlur
            maxTags={500}
            value={draft.affectedUsers}
            onChange={(v) => change('affectedUsers', v)}
            error={errors.affectedUsers}
          />
          <Fieldset legend="What you tried" variant="unstyled">
            <Stack gap="xs">
              {checklistItems.map((c) => (
                <Checkbox
                  key={c.key}
                  label={c.label}
                  checked={draft.checklist[c.key]}
                  onChange={(e) =>
                    change('checklist', { ...draft.checklist, [c.key]: e.currentTarget.checked }, 'checklist')
                  }
                />
              ))}
              {errors.checklist && (
                <Text size="sm" c="var(--mantine-color-error)">
                  {errors.checklist}
                </Text>
              )}
            </Stack>
          </Fieldset>
          <TextInput
            label="Session recording link (optional)"
            description="A link to a replay of the customer's session, if your tools record one."
            type="url"
            inputMode="url"
            placeholder="https://"
            maxLength={2000}
            value={draft.recordingUrl}
            onChange={(e) => change('recordingUrl', e.currentTarget.value)}
            error={errors.recordingUrl}
          />
          <Fieldset legend="Evidence (optional)" variant="unstyled">
            <EvidenceUploads
              uploads={draft.attachments}
              onChange={changeAttachments}
              onBusy={setUploading}
              error={errors.attachments}
            />
          </Fieldset>
          <Paper withBorder p="md">
            <Stack gap="md">
              <IncidentChoice
                text={draft.whatHappens}
                target={target}
                onTarget={(t) => change('target', t)}
                error={errors.target}
              />
              <PastLikeThis text={draft.whatHappens} />
              {!target && <NewIncidentFields draft={draft} errors={errors} onChange={change} />}
            </Stack>
          </Paper>
          {failure && (
            <Alert
              color="red"
              icon={<IconAlertTriangle aria-hidden />}
              title="The report was not sent"
              role="alert"
            >
              {failure.map((line) => (
                <Text key={line} size="sm">
                  {line}
                </Text>
              ))}
              <Text size="sm">What you typed and uploaded is kept; fix it and send again.</Text>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            {uploading && (
              <Text size="sm" c={mutedColor} role="status">
                Waiting for uploads to finish…
              </Text>
            )}
            <Button type="submit" loading={file.isPending} color="red.9">
              {target ? `Add report to #${target.number}` : 'Send report and open incident'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

// Writing an update: a stage picks its template (filled from the incident), the technical words for
// the team and the plain words for everyone else, optional known outstanding issues and data loss,
// the audiences, a preview of what each audience receives, then send.
import { Alert, Button, Checkbox, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { fieldError, formError } from '../../lib/form-errors.ts';
import { incidentPath, notify } from './use-incident.ts';
import {
  audiences,
  audienceWords,
  stages,
  stageWords,
  type Audience,
  type Preview,
  type Stage,
  type Update,
  type UpdateBody,
  type Updates,
} from './update-model.ts';

/** The form; `onSent` closes it. */
export function UpdateForm({
  incidentRef: ref,
  drafts,
  firstStage,
  onSent,
}: {
  incidentRef: string;
  drafts: Updates['drafts'];
  firstStage: Stage;
  onSent: () => void;
}) {
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>(firstStage);
  const [technical, setTechnical] = useState(drafts[firstStage].technical);
  const [plain, setPlain] = useState(drafts[firstStage].plain);
  const [outstanding, setOutstanding] = useState('');
  const [dataLoss, setDataLoss] = useState('');
  const [chosen, setChosen] = useState<Audience[]>(['internal', 'stakeholders']);
  const body = (): UpdateBody => ({
    stage,
    technical,
    plain,
    audiences: chosen,
    ...(outstanding.trim() ? { outstanding } : {}),
    ...(dataLoss.trim() ? { dataLoss } : {}),
  });
  const preview = useMutation({
    mutationFn: (b: UpdateBody) =>
      api<Preview>(incidentPath(ref, '/updates/preview'), { method: 'POST', body: b }),
  });
  const send = useMutation({
    mutationFn: (b: UpdateBody) => api<Update>(incidentPath(ref, '/updates'), { method: 'POST', body: b }),
    onSuccess: () => {
      notify('green', 'Update sent');
      void queryClient.invalidateQueries({ queryKey: keys.incidents });
      onSent();
    },
  });
  const error = send.error ?? preview.error;
  const shown = ['body.technical', 'body.plain', 'body.audiences'];

  return (
    <form
      aria-label="Write an update"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate(body());
      }}
    >
      <Stack gap="sm">
        <Select
          label="Stage"
          description="Fills both texts from its template"
          data={stages.map((value) => ({ value, label: stageWords[value] }))}
          value={stage}
          allowDeselect={false}
          onChange={(v) => {
            const next = v ?? 'investigating';
            setStage(next);
            setTechnical(drafts[next].technical);
            setPlain(drafts[next].plain);
            preview.reset();
          }}
        />
        <Textarea
          label="Technical (for the team)"
          value={technical}
          onChange={(e) => setTechnical(e.currentTarget.value)}
          autosize
          minRows={3}
          error={fieldError(error, 'body.technical')}
        />
        <Textarea
          label="Plain words (stakeholders, client, status page)"
          value={plain}
          onChange={(e) => setPlain(e.currentTarget.value)}
          autosize
          minRows={2}
          error={fieldError(error, 'body.plain')}
        />
        <Textarea
          label="Known outstanding issues"
          description="Optional"
          placeholder={drafts.outstanding.plain}
          value={outstanding}
          onChange={(e) => setOutstanding(e.currentTarget.value)}
          autosize
        />
        <Textarea
          label="Data loss"
          description="Optional"
          placeholder={drafts['data-loss'].plain}
          value={dataLoss}
          onChange={(e) => setDataLoss(e.currentTarget.value)}
          autosize
        />
        <Checkbox.Group
          label="Audiences"
          value={chosen}
          onChange={(v) => {
            setChosen(v);
            preview.reset();
          }}
          error={fieldError(error, 'body.audiences')}
        >
          <Stack gap={6} mt={4}>
            {audiences.map((a) => (
              <Checkbox
                key={a}
                value={a}
                label={audienceWords[a].label}
                description={audienceWords[a].description}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        {formError(error, shown) && (
          <Text size="sm" c="red" role="alert">
            {formError(error, shown)}
          </Text>
        )}
        <Group>
          <Button variant="default" loading={preview.isPending} onClick={() => preview.mutate(body())}>
            Preview
          </Button>
          <Button type="submit" loading={send.isPending}>
            Send update
          </Button>
        </Group>
        {preview.data && <PreviewList preview={preview.data} />}
      </Stack>
    </form>
  );
}

function PreviewList({ preview }: { preview: Preview }) {
  return (
    <Stack gap="xs" aria-label="Preview per audience" role="region">
      {preview.audiences.map((a) => (
        <Paper key={a.audience} withBorder p="sm">
          <Title order={4} size="h6">
            {audienceWords[a.audience].label}
          </Title>
          {a.problem ? (
            <Alert color="red" variant="light" p="xs" mt={4}>
              {a.problem}
            </Alert>
          ) : (
            <Text size="xs" c="dimmed">
              To: {a.recipients.join(', ')}
            </Text>
          )}
          {a.subject && (
            <Text size="sm" fw={600} mt={4}>
              {a.subject}
            </Text>
          )}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {a.text}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

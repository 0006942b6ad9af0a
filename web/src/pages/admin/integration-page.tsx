// One integration (/admin/integrations/:id): how to connect the source (its webhook URL, always
// shown), its settings (name, service and whom it pages, rate limit, signing secret, enabled), its
// routing rules as a form or JSON with a tester, rotating its key (shown once), the deliveries it
// refused and why, and its recent alerts with the incidents they opened.
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconKey } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Integration, IntegrationKey } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { notify } from '../../lib/notify.ts';
import { readableColors } from '../../lib/readable.ts';
import { IntegrationAlerts, RefusedDeliveries } from './integration-activity.tsx';
import { useIntegration, useUpdate } from './integration-data.ts';
import { IntegrationConnect } from './integration-connect.tsx';
import { JsonEditor } from './integration-json-editor.tsx';
import { IntegrationKeyModal } from './integration-key-modal.tsx';
import { IntegrationSettings } from './integration-settings.tsx';
import { integrationTypeInfo } from './integration-types.ts';
import { EnabledBadge } from './integrations-page.tsx';
import { RulesEditor } from './rules-editor.tsx';

/** The integration's name and state, its key actions, settings, JSON fields and activity. */
function Details({ integration }: { integration: Integration }) {
  const queryClient = useQueryClient();
  const update = useUpdate(integration.id);
  const [confirm, setConfirm] = useState<'rotate' | 'disable' | null>(null);
  const [rotated, setRotated] = useState<IntegrationKey | null>(null);
  const rotate = useMutation({
    mutationFn: () =>
      api<IntegrationKey>(`/integrations/${encodeURIComponent(integration.id)}/rotate-key`, {
        method: 'POST',
      }),
    onSuccess: async (k) => {
      setConfirm(null);
      setRotated(k);
      queryClient.setQueryData(keys.integration(integration.id), k.integration);
      await queryClient.invalidateQueries({ queryKey: keys.integrations, exact: true });
    },
  });
  const setDisabled = (disabled: boolean) =>
    update.mutate(
      { disabled },
      {
        onSuccess: () => {
          setConfirm(null);
          notify(disabled ? `${integration.name} is disabled.` : `${integration.name} is enabled.`);
        },
      },
    );

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Anchor component={Link} to="/admin/integrations" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            All integrations
          </Group>
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {integration.name}
          </Title>
          <EnabledBadge disabled={integration.disabled} />
          {integration.signed && (
            <Badge variant="outline" color="gray" tt="none" c="var(--mantine-color-text)">
              Signed
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {integrationTypeInfo[integration.type].label}
          {integration.service ? ` · service ${integration.service.name}` : ''} · key ending{' '}
          <Text span ff="monospace" inherit>
            {integration.keyHint}
          </Text>
        </Text>
      </Stack>
      <Group gap="sm">
        <Button
          variant="default"
          leftSection={<IconKey size={16} aria-hidden />}
          onClick={() => setConfirm('rotate')}
        >
          Rotate key
        </Button>
        {integration.disabled ? (
          <Button
            variant="light"
            onClick={() => setDisabled(false)}
            loading={update.isPending && confirm === null}
          >
            Enable
          </Button>
        ) : (
          <Button variant="light" color="red" onClick={() => setConfirm('disable')}>
            Disable
          </Button>
        )}
      </Group>
      <Card withBorder>
        <IntegrationConnect integration={integration} />
      </Card>
      <Card withBorder>
        <IntegrationSettings key={integration.id} integration={integration} />
      </Card>
      <Card withBorder>
        <RulesEditor key={`rules-${integration.id}`} integration={integration} />
      </Card>
      {integration.type === 'generic' && (
        <Card withBorder>
          <JsonEditor
            key={`mapping-${integration.id}`}
            integration={integration}
            field="mapping"
            title="Field mapping"
            label="Where each field is (JSON paths)"
            intro="Empty: the body has title, dedup_key, severity, status, labels and url."
            empty={null}
            describe={(p) => p.join('.')}
          />
        </Card>
      )}
      <Card withBorder>
        <RefusedDeliveries integrationId={integration.id} />
      </Card>
      <Card withBorder>
        <IntegrationAlerts integrationId={integration.id} />
      </Card>
      {confirm === 'rotate' && (
        <ConfirmDialog
          opened
          title={`Rotate the key of ${integration.name}?`}
          confirmLabel="Rotate key"
          danger
          pending={rotate.isPending}
          error={rotate.error}
          onConfirm={() => rotate.mutate()}
          onClose={() => {
            setConfirm(null);
            rotate.reset();
          }}
        >
          <Text size="sm">
            The current key (and the webhook URL with it) stop working at once: alerts sent with them are
            refused until the source uses the new key, which is shown once. The webhook URL without the key
            stays the same.
          </Text>
        </ConfirmDialog>
      )}
      {confirm === 'disable' && (
        <ConfirmDialog
          opened
          title={`Disable ${integration.name}?`}
          confirmLabel="Disable"
          danger
          pending={update.isPending}
          error={update.error}
          onConfirm={() => setDisabled(true)}
          onClose={() => {
            setConfirm(null);
            update.reset();
          }}
        >
          <Text size="sm">
            Expedite refuses its alerts until you enable it again; nothing it sends in the meantime opens an
            incident.
          </Text>
        </ConfirmDialog>
      )}
      <IntegrationKeyModal created={rotated} rotated onDone={() => setRotated(null)} />
    </Stack>
  );
}

/** The integration page. */
export function IntegrationPage() {
  const { id = '' } = useParams();
  const integration = useIntegration(id);
  useDocumentTitle(
    integration.data ? `${integration.data.name} · Integrations · Expedite` : 'Integration · Expedite',
  );
  return (
    <Stack gap="md" style={readableColors}>
      {integration.data ? (
        <Details integration={integration.data} />
      ) : integration.isPending ? (
        <LoadingState label="Loading the integration" />
      ) : integration.error instanceof ApiError &&
        (integration.error.status === 404 || integration.error.status === 400) ? (
        <Stack align="flex-start">
          <Title order={1}>Integration not found</Title>
          <Text>It may have been mistyped.</Text>
          <Button component={Link} to="/admin/integrations" variant="light">
            See all integrations
          </Button>
        </Stack>
      ) : (
        <ErrorState error={integration.error} onRetry={() => void integration.refetch()} />
      )}
    </Stack>
  );
}

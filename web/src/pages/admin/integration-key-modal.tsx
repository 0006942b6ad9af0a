// The one moment an integration's key is visible (after creating it or rotating the key): the
// key, the webhook URLs and the PagerDuty-compatible URL with copy buttons, and how to connect the
// source. The server keeps only a hash of the key, so it cannot be shown again; the webhook URL
// without the key stays on the integration's page.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { IntegrationKey } from '../../api/types.ts';
import { CodeSnippet, CopyField } from '../../components/copy-field.tsx';
import { readableColors } from '../../lib/readable.ts';
import { connectHelp, integrationTypeInfo, keyInUrlOnly } from './integration-types.ts';

/** Shows `created`'s key and URLs until the admin says they have them. */
export function IntegrationKeyModal({
  created,
  rotated,
  onDone,
}: {
  created: IntegrationKey | null;
  rotated?: boolean;
  onDone: () => void;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  const help = created ? connectHelp(created.integration, created) : null;
  const keyed = created ? keyInUrlOnly(created.integration.type) : false;
  return (
    <Modal
      opened={created !== null}
      onClose={onDone}
      title={rotated ? 'Copy the new key' : 'Connect your integration'}
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': 'Close' }}
      style={readableColors}
      size="xl"
      fullScreen={phone}
    >
      {created && help && (
        <Stack gap="md">
          <Alert
            color="orange"
            variant="light"
            styles={{ label: { color: 'var(--mantine-color-text)' } }}
            icon={<IconAlertTriangle aria-hidden />}
            title="The key is shown only once"
          >
            {rotated
              ? 'The old key has stopped working. Update the source with the new key or URL now.'
              : 'Copy it now. Expedite stores only a fingerprint of it; if you lose it, rotate the key.'}{' '}
            {keyed
              ? 'The key is part of the webhook URL: keep both secret.'
              : 'The webhook URL carries no secret; the key goes in a header.'}
          </Alert>
          <Text size="sm">
            <strong>{created.integration.name}</strong> ·{' '}
            {integrationTypeInfo[created.integration.type].label}
          </Text>
          <CopyField label="Integration key" value={created.key} />
          {keyed ? (
            <CopyField
              label="Webhook URL"
              value={created.url}
              description="The source sends its alerts here; the key is in it."
            />
          ) : (
            <>
              <CopyField
                label="Webhook URL"
                value={created.integration.webhookUrl}
                description="The source sends its alerts here, with the key in Authorization: Bearer <key> or X-Expedite-Key."
              />
              <CopyField
                label="Webhook URL with the key"
                value={created.url}
                description="Only for senders that cannot set a header: keep it secret."
              />
            </>
          )}
          <CopyField
            label="PagerDuty URL"
            value={created.pagerDutyUrl}
            description="Events API v2 endpoint: use the key as routing_key."
          />
          <Stack gap="xs">
            <Text fw={600}>How to connect</Text>
            <Text size="sm">{help.steps}</Text>
            <CodeSnippet label={help.snippetLabel} code={help.snippet} />
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              Done, I have copied it
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

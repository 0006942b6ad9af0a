// The one moment a new token's secret is visible: a clear warning, the secret, a copy button and
// how to use it. The server keeps only a hash, so it cannot be shown again.
import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { readableColors } from '../../lib/readable.ts';

/** A created token with its secret. */
export interface NewToken {
  name: string | null;
  token: string;
}

/** Shows `created`'s secret until the person says they have it. */
export function NewTokenSecret({ created, onDone }: { created: NewToken | null; onDone: () => void }) {
  const clipboard = useClipboard({ timeout: 2000 });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={created !== null}
      onClose={onDone}
      title="Copy your new token"
      closeOnClickOutside={false}
      style={readableColors}
      size="lg"
    >
      {created && (
        <Stack gap="md">
          <Alert
            color="orange"
            variant="light"
            styles={{ label: { color: 'var(--mantine-color-text)' } }}
            icon={<IconAlertTriangle aria-hidden />}
            title="Shown only once"
          >
            Copy it now and keep it somewhere safe, like a password manager or your CI secrets. Expedite
            stores only a fingerprint of it; if you lose it, revoke it and create a new one.
          </Alert>
          <TextInput
            label={`Secret of "${created.name ?? 'token'}"`}
            value={created.token}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Group gap="sm">
            <Button
              leftSection={
                clipboard.copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
              }
              color={clipboard.copied ? 'green.9' : undefined}
              onClick={() => clipboard.copy(created.token)}
            >
              {clipboard.copied ? 'Copied' : 'Copy token'}
            </Button>
            <Text size="sm" role="status" c={clipboard.error ? 'var(--mantine-color-error)' : 'dimmed'}>
              {clipboard.error
                ? 'Copying is not allowed here: select the secret above and copy it by hand.'
                : clipboard.copied
                  ? 'The token is on your clipboard.'
                  : ''}
            </Text>
          </Group>
          <Text size="sm">
            Use it as <Code>Authorization: Bearer …</Code> in API calls, or as <Code>EXPEDITE_TOKEN</Code> for
            the <Code>expedite</Code> command line.
          </Text>
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

// The end of every form in a dialog or editor: what the API refused in general, then Cancel and the
// main action.
import { Alert, Button, Group } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function FormEnd({
  error,
  errorTitle = 'Not saved',
  onCancel,
  pending,
  submitLabel,
  extra,
}: {
  error?: string;
  /** The title above the error ("Not saved" unless the action sends rather than saves). */
  errorTitle?: string;
  onCancel: () => void;
  pending: boolean;
  submitLabel: string;
  /** Buttons before Cancel. */
  extra?: ReactNode;
}) {
  return (
    <>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert" title={errorTitle}>
          {error}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        {extra}
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}

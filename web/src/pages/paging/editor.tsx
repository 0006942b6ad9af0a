// The frame the paging editors (policies, teams, clients) share: a modal, full screen on a phone,
// whose form is mounted only while open; and the form's end: the API's error, Cancel and Save.
import { Alert, Button, Group, Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** A modal editor; `children` is rendered only while open, so each opening starts fresh. */
export function EditorModal({
  opened,
  onClose,
  title,
  size,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  size: 'lg' | 'xl';
  children: ReactNode;
}) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {opened && children}
    </Modal>
  );
}

/** The end of an editor's form: what the API refused in general, then Cancel and the submit button. */
export function EditorActions({
  general,
  onCancel,
  pending,
  submitLabel,
}: {
  general?: string;
  onCancel: () => void;
  pending: boolean;
  submitLabel: string;
}) {
  return (
    <>
      {general && (
        <Alert color="red" role="alert" title="Not saved">
          {general}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
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

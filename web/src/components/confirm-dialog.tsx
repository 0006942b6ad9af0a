// A confirmation step for changes that are hard to undo (roles, disabling people, revoking
// tokens): says what will happen, and shows the API's answer if it fails.
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/client.ts';
import { readableColors } from '../lib/readable.ts';

/** A modal asking to confirm one action; `onConfirm` runs it, `error` is its failure. */
export function ConfirmDialog(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
      style={readableColors}
    >
      <Stack gap="md">
        {props.children}
        {props.error != null && (
          <Alert color="red" role="alert">
            {errorMessage(props.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {/* A destructive action starts on Cancel, so a stray Enter does no harm. */}
          <Button variant="default" onClick={props.onClose} data-autofocus={props.danger || undefined}>
            Cancel
          </Button>
          <Button
            color={props.danger ? 'red.8' : undefined}
            loading={props.pending}
            onClick={props.onConfirm}
            data-autofocus={!props.danger || undefined}
          >
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

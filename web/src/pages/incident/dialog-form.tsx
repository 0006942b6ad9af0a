// The frame every incident dialog shares: a modal (focus trapped, Escape closes) around a form with
// the API's error above Cancel and the main action. Closing unmounts the form, so it starts fresh.
import { Modal, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useDeferredValue, type ReactNode } from 'react';
import type { Incident } from '../../api/types.ts';
import { FormEnd } from '../../components/form-end.tsx';
import classes from './room.module.css';

/** What every incident dialog is given: the incident, its address in the API, and how to close. */
export interface DialogProps {
  incident: Incident;
  incidentRef: string;
  onClose: () => void;
}

/** A modal with a form; `children` is rendered only while open. */
export function DialogForm({
  title,
  opened,
  onClose,
  children,
}: {
  title: string;
  opened: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  // A dialog mounted already open would not know where focus was; opening it one render later
  // lets it return focus to the button that opened it.
  const shown = useDeferredValue(opened, false);
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal
      opened={shown}
      onClose={onClose}
      title={title}
      size="lg"
      fullScreen={phone}
      className={classes.room}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {children}
    </Modal>
  );
}

/** The body of a dialog form: fields, then the error, then Cancel and the action. */
export function DialogBody({
  onSubmit,
  onCancel,
  submitLabel,
  pending,
  error,
  errorTitle,
  children,
  extra,
}: {
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: string;
  pending: boolean;
  error?: string;
  /** The title above the error ("Not saved" unless the action sends rather than saves). */
  errorTitle?: string;
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!pending) onSubmit();
      }}
    >
      <Stack>
        {children}
        <FormEnd
          error={error}
          errorTitle={errorTitle}
          onCancel={onCancel}
          pending={pending}
          submitLabel={submitLabel}
          extra={extra}
        />
      </Stack>
    </form>
  );
}

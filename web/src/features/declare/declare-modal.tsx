// Placeholder until the declare form is built.
import { Modal } from '@mantine/core';

/** The declare form in a modal. */
export function DeclareModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return <Modal opened={opened} onClose={onClose} title="Declare incident" />;
}

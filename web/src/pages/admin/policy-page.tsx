// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** Urgency policy. */
export function PolicyPage() {
  return <Title order={1}>Urgency policy</Title>;
}

// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** Set up Expedite. */
export function SetupPage() {
  return <Title order={1}>Set up Expedite</Title>;
}

// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** Open incidents. */
export function HomePage() {
  return <Title order={1}>Open incidents</Title>;
}

// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** API tokens. */
export function TokensPage() {
  return <Title order={1}>API tokens</Title>;
}

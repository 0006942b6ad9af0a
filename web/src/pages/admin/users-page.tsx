// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** People. */
export function UsersPage() {
  return <Title order={1}>People</Title>;
}

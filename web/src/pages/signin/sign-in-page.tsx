// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** Sign in. */
export function SignInPage() {
  return <Title order={1}>Sign in</Title>;
}

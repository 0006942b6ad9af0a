// An address that leads nowhere.
import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

/** The 404 page inside the app frame. */
export function NotFound() {
  return (
    <Stack align="flex-start">
      <Title order={1}>Page not found</Title>
      <Text c="dimmed">There is nothing at this address.</Text>
      <Button component={Link} to="/" variant="light">
        Go home
      </Button>
    </Stack>
  );
}

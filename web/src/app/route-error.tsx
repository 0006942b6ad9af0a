// Shown when a page fails to load or render: what happened and a way back.
import { Button, Container, Stack, Title } from '@mantine/core';
import { Link, useRouteError } from 'react-router';
import { ErrorState } from '../components/states.tsx';

/** The error screen of the router. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>This page could not be shown</Title>
        <ErrorState error={error} onRetry={() => window.location.reload()} />
        <Button component={Link} to="/" variant="light" w="fit-content">
          Go home
        </Button>
      </Stack>
    </Container>
  );
}

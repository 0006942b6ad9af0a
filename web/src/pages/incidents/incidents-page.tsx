// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** Incidents. */
export function IncidentsPage() {
  return <Title order={1}>Incidents</Title>;
}

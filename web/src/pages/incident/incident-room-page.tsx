// Placeholder until the page is built.
import { Title } from '@mantine/core';

/** Incident. */
export function IncidentRoomPage() {
  return <Title order={1}>Incident</Title>;
}

// The frame of the signed-out pages (sign-in and first-run setup): the product's name and one
// centred card that fits a phone.
import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { readableColors } from '../lib/readable.ts';

/** A centred card with the Expedite mark, a page title and the form. */
export function AuthFrame({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Center component="main" mih="100dvh" p="md" style={readableColors}>
      <Stack w="100%" maw={420} gap="lg">
        <Group gap={6} justify="center" wrap="nowrap">
          <IconBolt color="var(--mantine-color-orange-7)" aria-hidden />
          <Text fw={700} size="lg">
            Expedite
          </Text>
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <Stack gap="md">
            <Title order={1} size="h2">
              {title}
            </Title>
            {intro}
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
